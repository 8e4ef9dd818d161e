package io.sigil.crypto.transcript;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A general, domain-separated Fiat–Shamir transcript over SHA-256, for hashing structured data
 * outside the DKLs23 spec: canonical bytes of signed requests, proofs of our own, binding of
 * configuration. Not thread-safe; one instance per computation.
 *
 * <p>Framing: the hash input is the sequence of length-prefixed fields {@code L(f) = u64(|f|) ||
 * f}:
 * <pre>
 *   L("sigil/transcript/v1") || L(protocolLabel)
 *   || L(label_1) || L(value_1) || ... || L(label_m) || L(value_m)
 *   || L("digest")  or  L("challenge")          (finalisation marker)
 * </pre>
 * Every field is prefixed, so values cannot be shifted between fields, and the leading
 * {@code "sigil/transcript/v1"} field keeps it apart from every {@code Dkls23Hash} input (whose
 * first field starts with {@code "sigil/dkls23/v1/"}).
 *
 * <p>Relation to {@link io.sigil.crypto.hash.Dkls23Hash}: the protocol hashes of the spec (§1.3)
 * are a fixed form with positional, unlabeled fields and MUST use {@code Dkls23Hash} so that every
 * node computes byte-identical values. This class is the flexible counterpart with named fields;
 * it never replaces a spec hash.
 *
 * <p>{@link #digest()} and {@link #challengeScalar()} do not consume the transcript: more values
 * may be appended afterwards, and the result then covers them as well.
 */
public final class Transcript {

    private static final byte[] DOMAIN = "sigil/transcript/v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DIGEST_MARKER = "digest".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHALLENGE_MARKER = "challenge".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest state = Sha256.newDigest();

    private Transcript(String protocolLabel) {
        absorb(DOMAIN);
        absorb(utf8(protocolLabel));
    }

    /** Starts a transcript for one protocol or message type, e.g. {@code "sigil/sign-request/v2"}. */
    public static Transcript start(String protocolLabel) {
        if (protocolLabel == null || protocolLabel.isEmpty()) {
            throw new IllegalArgumentException("transcript: protocol label must not be empty");
        }
        return new Transcript(protocolLabel);
    }

    /** Appends a named byte string. */
    public Transcript append(String label, byte[] value) {
        absorb(utf8(label));
        absorb(value);
        return this;
    }

    /** Appends a named UTF-8 string. */
    public Transcript appendString(String label, String value) {
        return append(label, utf8(value));
    }

    /** Appends the 32-byte encoding of a scalar. */
    public Transcript appendScalar(String label, Scalar value) {
        byte[] encoded = value.toBytes();
        try {
            return append(label, encoded);
        } finally {
            java.util.Arrays.fill(encoded, (byte) 0);
        }
    }

    /** Appends the 33-byte compressed encoding of a point (not infinity). */
    public Transcript appendPoint(String label, Point value) {
        return append(label, value.encode());
    }

    /** Appends a 4-byte big-endian integer. */
    public Transcript appendU32(String label, long value) {
        return append(label, Encoding.u32(value));
    }

    /** Appends an 8-byte big-endian non-negative integer. */
    public Transcript appendU64(String label, long value) {
        return append(label, Encoding.u64(value));
    }

    /** 32-byte SHA-256 digest of everything appended so far. */
    public byte[] digest() {
        return finish(DIGEST_MARKER);
    }

    /** Challenge in Z_q: int(hash) mod q (bias about 2^-128), separated from {@link #digest()}. */
    public Scalar challengeScalar() {
        return Scalar.reduce(finish(CHALLENGE_MARKER));
    }

    private byte[] finish(byte[] marker) {
        MessageDigest copy = Sha256.copy(state);
        absorbInto(copy, marker);
        return copy.digest();
    }

    private void absorb(byte[] field) {
        absorbInto(state, field);
    }

    private static void absorbInto(MessageDigest digest, byte[] field) {
        byte[] length = Encoding.u64(field.length);
        digest.update(length, 0, length.length);
        digest.update(field, 0, field.length);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
