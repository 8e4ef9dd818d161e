package io.sigil.wire.reshare;

import io.sigil.wire.keygen.DkgComplaint;
import java.util.List;

/**
 * A signing node's answer to a batch delivery (docs/keygen.md §3.5): per key in batch order either
 * the {@code T'} it stored {@code PENDING} under (hex) or its complaint, and ONE Ed25519 signature
 * (hex) over {@link io.sigil.crypto.reshare.ReshareBatchAck#digest} of the acknowledged keys.
 */
public record ReshareBatchAnswer(String nodeId, int committee, List<KeyAnswer> keys, String signature) {
    public ReshareBatchAnswer {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** One key: exactly one of {@code transcriptHash} (acknowledged) and {@code complaint}. */
    public record KeyAnswer(int index, String transcriptHash, DkgComplaint complaint) {
    }
}
