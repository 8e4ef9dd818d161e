package io.sigil.crypto.hash;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;

/**
 * SHA-256 from the JDK ({@code MessageDigest}, SUN provider, named explicitly so that a provider
 * registered later, such as Conscrypt for Tink, never takes over these per-call hot paths). The JVM compiles its compression
 * function to the CPU's SHA extensions (or AVX2) where present, which makes it several times
 * faster than Bouncy Castle's pure-Java {@code SHA256Digest}; the output is the same function,
 * so every hash of the spec keeps its value (the known-answer tests pin them).
 *
 * <p>Fresh digests are clones of one never-updated prototype: cloning costs a few small
 * allocations, far less than the provider look-up of {@code MessageDigest.getInstance}. The
 * JDK's {@code digest(...)} leaves the last block in the digest's buffer until its next use;
 * {@link #finish} resets the digest as well, which zeroes that buffer, so a digest that absorbed
 * secret input holds none of it once finished.
 */
public final class Sha256 {

    /** Output length in bytes. */
    public static final int LENGTH = 32;

    private static final MessageDigest PROTOTYPE = create();

    private Sha256() {
    }

    /** A new, empty SHA-256 digest. */
    public static MessageDigest newDigest() {
        return copy(PROTOTYPE);
    }

    /** A copy of {@code state} that can absorb more input without changing {@code state}. */
    public static MessageDigest copy(MessageDigest state) {
        try {
            return (MessageDigest) state.clone();
        } catch (CloneNotSupportedException impossible) {
            throw new IllegalStateException("the JDK's SHA-256 digest cannot be cloned", impossible);
        }
    }

    /** SHA-256 of {@code data}. */
    public static byte[] hash(byte[] data) {
        MessageDigest digest = newDigest();
        return digest.digest(data);
    }

    /**
     * Finishes {@code digest} into {@code out[offset..offset+32)} and resets it. The explicit
     * {@code reset} matters: the JDK's {@code digest} only marks the state as used and keeps the
     * last block (the end of the input, which may be a secret row or seed) in its buffer until
     * the next use; {@code reset} zeroes it now, so a finished copy left to the garbage
     * collector holds none of its input.
     */
    public static void finish(MessageDigest digest, byte[] out, int offset) {
        try {
            digest.digest(out, offset, LENGTH);
        } catch (DigestException impossible) {
            // Only thrown for a too-short output range, which every caller sizes correctly.
            throw new IllegalStateException("SHA-256 output range too short", impossible);
        }
        digest.reset();
    }

    private static MessageDigest create() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256", "SUN");
            copy(digest); // fails here, at class initialisation, if a provider's digest is not cloneable
            return digest;
        } catch (NoSuchAlgorithmException | NoSuchProviderException missing) {
            throw new IllegalStateException("the JDK's SUN provider offers no SHA-256", missing);
        }
    }
}
