package io.sigil.wire.reshare;

/**
 * A node's {@code prepare} answer (docs/keygen.md §3.2 step 3): the new epoch, how many keys its
 * pending set holds, {@code K} and {@code K'} (hex) over them, and its Ed25519 signature (hex)
 * over {@code ready = H("epoch-ready"; N, u64(e+1), K, K')}.
 */
public record SignedReady(String nodeId, int committee, long epoch, long keys, String keySet, String newKeySet,
                          String signature) {
}
