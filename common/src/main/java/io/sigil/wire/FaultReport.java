package io.sigil.wire;

import java.util.Map;

/**
 * {@code GET /v1/faults} on every service: counters since the process started of what it refused
 * ({@code refused}, keyed {@code what/reason}, e.g. {@code envelope/forged-signature},
 * {@code sign-request/replayed}), which nodes it blamed ({@code culprits}, keyed by node id) and
 * why sessions or requests failed ({@code failures}, keyed by typed reason). Keys come from fixed
 * vocabularies and registry node ids, never from a request's text, so the maps stay small.
 */
public record FaultReport(Map<String, Long> refused, Map<String, Long> culprits, Map<String, Long> failures) {
    public FaultReport {
        refused = Map.copyOf(refused);
        culprits = Map.copyOf(culprits);
        failures = Map.copyOf(failures);
    }

    public long refused(String what, String reason) {
        return refused.getOrDefault(what + "/" + reason, 0L);
    }

    public long culprit(String nodeId) {
        return culprits.getOrDefault(nodeId, 0L);
    }

    public long failures(String reason) {
        return failures.getOrDefault(reason, 0L);
    }
}
