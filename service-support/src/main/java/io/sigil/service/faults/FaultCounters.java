package io.sigil.service.faults;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sigil.wire.FaultReport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The process's fault counters (design §7): what it refused and why, whom it blamed, and
 * why work failed. Served by {@code GET /v1/faults}; the Prometheus export reads the same numbers.
 *
 * <p>Callers pass words from fixed vocabularies ({@code what} and {@code reason} in
 * kebab-case) and registry node ids; anything else is counted under {@link #OTHER}, and each map
 * holds at most {@link #MAX_KEYS} keys, so no input can grow them without bound or smuggle text
 * (let alone a secret) into a label.
 */
@Singleton
public final class FaultCounters {
    public static final String OTHER = "other";
    static final int MAX_KEYS = 512;
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> culprits = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    /** Counters that are also exported as {@code sigil_refused_total}, {@code sigil_culprits_total}, {@code sigil_failures_total}. */
    @Inject
    public FaultCounters(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counters outside a service (tests, tools): the meters go to a private registry. */
    public FaultCounters() {
        this(new SimpleMeterRegistry());
    }

    /** Something ({@code what}: envelope, subscription, sign-request, node-request, ...) was refused for {@code reason}. */
    public void refused(String what, String reason) {
        String key = add(refused, word(what) + "/" + word(reason));
        int slash = key.indexOf('/');
        Counter.builder("sigil.refused").description("requests, envelopes and subscriptions refused, by kind and reason")
                .tag("what", slash < 0 ? OTHER : key.substring(0, slash))
                .tag("reason", slash < 0 ? OTHER : key.substring(slash + 1))
                .register(meters).increment();
    }

    /** {@code nodeId} was blamed for a failed session or attempt. */
    public void culprit(String nodeId) {
        String key = add(culprits, nodeId != null && NODE_ID.matcher(nodeId).matches() ? nodeId : OTHER);
        Counter.builder("sigil.culprits").description("times a node was blamed for a failed session or attempt")
                .tag("culprit", key).register(meters).increment();
    }

    /** A session or request failed for the typed {@code reason} (e.g. {@code Timeout}, {@code InvalidMessage}). */
    public void failure(String reason) {
        String key = add(failures, reason != null && NODE_ID.matcher(reason).matches() ? reason : OTHER);
        Counter.builder("sigil.failures").description("failed sessions or requests, by typed reason")
                .tag("reason", key).register(meters).increment();
    }

    public FaultReport snapshot() {
        return new FaultReport(copy(refused), copy(culprits), copy(failures));
    }

    private static String word(String value) {
        return value != null && WORD.matcher(value).matches() ? value : OTHER;
    }

    /** Counts under {@code key}, or under {@link #OTHER} once the map is full; returns the key used. */
    private static String add(Map<String, LongAdder> counters, String key) {
        String used = key;
        LongAdder counter = counters.get(key);
        if (counter == null) {
            used = counters.size() >= MAX_KEYS ? OTHER : key;
            counter = counters.computeIfAbsent(used, ignored -> new LongAdder());
        }
        counter.increment();
        return used;
    }

    private static Map<String, Long> copy(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((key, value) -> copy.put(key, value.sum()));
        return copy;
    }
}
