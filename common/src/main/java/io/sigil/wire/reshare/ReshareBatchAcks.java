package io.sigil.wire.reshare;

import java.util.List;

/**
 * What the manager sends every signing node of {@code e+1} after it tallied a batch (keygen §3.7):
 * the batch session and the answers of the nodes it counted, so each node keeps the acks of every
 * committee as the catch-up evidence of the batch's keys. A node checks every answer's signature
 * itself and keeps only those that verify; it trusts the manager for nothing.
 */
public record ReshareBatchAcks(ReshareBatchSession session, List<ReshareBatchAnswer> answers) {
    public ReshareBatchAcks {
        answers = answers == null ? List.of() : List.copyOf(answers);
    }
}
