package io.sigil.wire.keygen;

/**
 * Round 2's public part (keygen §2.4): {@code reveal} is base64 of {@code Reveal.encode()},
 * {@code signature} (64 bytes hex) the contributor's identity signature over
 * {@link DkgSignatures#reveal}.
 */
public record SignedReveal(int committee, String reveal, String signature) {
}
