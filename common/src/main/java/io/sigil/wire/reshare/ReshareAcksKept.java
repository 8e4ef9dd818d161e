package io.sigil.wire.reshare;

/**
 * A node's answer to {@link ReshareBatchAcks}: the batch (hex of its digest) and how many of the
 * answers' batch-ack signatures verified and were kept as catch-up evidence (keygen §3.7).
 */
public record ReshareAcksKept(String nodeId, String batch, int acks) {
}
