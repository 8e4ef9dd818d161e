package io.sigil.wire.sync;

import java.util.List;

/**
 * The shared part of the evidence of every key of one reshare batch (keygen §3.5, §3.7): the
 * batch's session ids and the batch acks the manager tallied. {@code sessionIds} is the base64 of
 * the concatenated 32-byte {@code rs_sid} of every key in batch order, so the reader recomputes
 * {@code batchDigest = H("reshare-batch"; LIST(rs_sid))} and finds its own key's {@code rs_sid}
 * there. Each {@link Ack} is one node's one signature over
 * {@code H("reshare-batch-ack"; N_w, u32(j'), batchDigest, LIST(ack_k))} with its ack digests
 * {@code ack_k} (base64 of the concatenated 32-byte digests, in batch order): the reader recomputes
 * its key's {@code ack_k} for each node from {@code (N_w, j', T', PK)} and looks for it there.
 */
public record ReshareBatchEvidence(String batch, String sessionIds, List<Ack> acks) {
    public ReshareBatchEvidence {
        acks = acks == null ? List.of() : List.copyOf(acks);
    }

    /** One node's batch ack: node id, its committee of the new epoch, its ack digests (base64), its signature (hex). */
    public record Ack(String nodeId, int committee, String ackDigests, String signature) {
    }
}
