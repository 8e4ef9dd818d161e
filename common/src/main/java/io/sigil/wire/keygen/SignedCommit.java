package io.sigil.wire.keygen;

/**
 * Round 1 (keygen §2.3): contributor {@code committee}'s {@code h_d} (32 bytes hex) and its identity
 * signature over {@link DkgSignatures#commit} (64 bytes hex).
 */
public record SignedCommit(int committee, String commitHash, String signature) {
}
