package io.sigil.wire.keygen;

/** {@code f_d(j)} HPKE-sealed to node {@code nodeId} of committee {@code committee}, base64 (keygen §2.4). */
public record SealedShareEntry(int contributor, String nodeId, int committee, String ciphertext) {
}
