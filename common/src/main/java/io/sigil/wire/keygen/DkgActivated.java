package io.sigil.wire.keygen;

/** A node's answer to activate: its record of {@code (userId, keyId)} is ACTIVE under {@code publicKey}. */
public record DkgActivated(String nodeId, int committee, String publicKey) {
}
