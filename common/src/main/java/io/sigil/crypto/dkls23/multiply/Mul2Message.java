package io.sigil.crypto.dkls23.multiply;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.ScalarWords;
import io.sigil.crypto.ot.OtParameters;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code MUL2} (spec §5.3.7, Alice → Bob, signing round 2):
 * {@code τ_{w,j}} (w = 0..3 outer, j = 0..415 inner), {@code D}, {@code μ_0, μ_1},
 * {@code γ_0, γ_1} = 53 248 + 32 + 64 + 64 = 53 408 bytes. Scalars are 32 bytes big-endian and
 * must be {@code < q} (never reduced on receipt); wrong sizes or ranges are abort row 4
 * ({@code InvalidMessage}, culprit Alice).
 *
 * <p>The 1 664 values of {@code τ} are kept in {@link ScalarWords} form only, not as
 * {@link Scalar} objects (both sides of the multiplication use them in bulk, and a scalar object
 * per value cost more than the arithmetic on them) and not in wire form as well: every value is
 * below q, so the words encode to exactly the bytes they were decoded from, and only the sender
 * ever encodes (53 kB less to build and copy on each side).
 */
public final class Mul2Message {

    public static final int TAU_COUNT = OtParameters.CORRELATIONS * OtParameters.ELL;
    public static final int DIGEST_LENGTH = 32;
    public static final int ENCODED_LENGTH = (TAU_COUNT + 4) * Scalar.ENCODED_LENGTH + DIGEST_LENGTH;
    private static final int TAU_BYTES = TAU_COUNT * Scalar.ENCODED_LENGTH;

    /** The same values in {@link ScalarWords} layout, at {@code (w·ℓ + j)·8}. */
    private final int[] tauWords;
    private final byte[] checkDigest;
    private final Scalar[] mu;
    private final Scalar[] gamma;

    public Mul2Message(Scalar[] tau, byte[] checkDigest, Scalar[] mu, Scalar[] gamma) {
        this(wordsOf(checkScalars(tau, TAU_COUNT, "tau")), checkDigest, mu, gamma);
    }

    /** Alice's message from her {@code τ} words (each reduced); the array becomes the message's. */
    Mul2Message(int[] tauWords, byte[] checkDigest, Scalar[] mu, Scalar[] gamma) {
        if (tauWords.length != TAU_COUNT * ScalarWords.WORDS) {
            throw new InvalidEncodingException("MUL2 tau: expected " + TAU_COUNT + " scalars");
        }
        Objects.requireNonNull(checkDigest, "checkDigest");
        if (checkDigest.length != DIGEST_LENGTH) {
            throw new InvalidEncodingException("MUL2 D: expected 32 bytes");
        }
        this.tauWords = tauWords;
        this.checkDigest = checkDigest.clone();
        this.mu = checkScalars(mu, 2, "mu");
        this.gamma = checkScalars(gamma, 2, "gamma");
    }

    private Mul2Message(int[] tauWords, Scalar[] mu, Scalar[] gamma, byte[] checkDigest) {
        this.tauWords = tauWords;
        this.checkDigest = checkDigest;
        this.mu = mu;
        this.gamma = gamma;
    }

    private static Scalar[] checkScalars(Scalar[] values, int count, String name) {
        Objects.requireNonNull(values, name);
        if (values.length != count) {
            throw new InvalidEncodingException("MUL2 " + name + ": expected " + count + " scalars");
        }
        for (Scalar value : values) {
            Objects.requireNonNull(value, name);
        }
        return values.clone();
    }

    private static int[] wordsOf(Scalar[] values) {
        int[] words = new int[values.length * ScalarWords.WORDS];
        for (int i = 0; i < values.length; i++) {
            ScalarWords.fromScalar(values[i], words, i * ScalarWords.WORDS);
        }
        return words;
    }

    /** {@code τ_{w,j}} at index {@code w·ℓ + j}. */
    public Scalar tau(int w, int j) {
        return ScalarWords.toScalar(tauWords, (w * OtParameters.ELL + j) * ScalarWords.WORDS);
    }

    /** {@code τ} in index order {@code w·ℓ + j} (a fresh array). */
    public Scalar[] tau() {
        Scalar[] out = new Scalar[TAU_COUNT];
        for (int i = 0; i < TAU_COUNT; i++) {
            out[i] = ScalarWords.toScalar(tauWords, i * ScalarWords.WORDS);
        }
        return out;
    }

    /** {@code τ} in {@link ScalarWords} layout, for Bob's finish; callers must not modify it. */
    int[] tauWordsView() {
        return tauWords;
    }

    public byte[] checkDigest() {
        return checkDigest.clone();
    }

    public Scalar[] mu() {
        return mu.clone();
    }

    public Scalar[] gamma() {
        return gamma.clone();
    }

    byte[] checkDigestView() {
        return checkDigest;
    }

    public byte[] encode() {
        byte[] out = new byte[ENCODED_LENGTH];
        encodeInto(out, 0);
        return out;
    }

    /** Writes the {@link #ENCODED_LENGTH} bytes of {@link #encode()} to {@code out[offset…]}. */
    public void encodeInto(byte[] out, int offset) {
        for (int i = 0; i < TAU_COUNT; i++) {
            ScalarWords.encode(tauWords, i * ScalarWords.WORDS, out, offset + i * Scalar.ENCODED_LENGTH);
        }
        offset += TAU_BYTES;
        System.arraycopy(checkDigest, 0, out, offset, DIGEST_LENGTH);
        offset += DIGEST_LENGTH;
        offset = put(out, offset, mu[0]);
        offset = put(out, offset, mu[1]);
        offset = put(out, offset, gamma[0]);
        put(out, offset, gamma[1]);
    }

    private static int put(byte[] out, int offset, Scalar value) {
        System.arraycopy(value.toBytes(), 0, out, offset, Scalar.ENCODED_LENGTH);
        return offset + Scalar.ENCODED_LENGTH;
    }

    /** Exactly 53 408 bytes and every scalar {@code < q}, else {@link InvalidEncodingException}. */
    public static Mul2Message decode(byte[] encoded) {
        if (encoded == null) {
            throw new InvalidEncodingException("MUL2: expected " + ENCODED_LENGTH + " bytes, got null");
        }
        return decode(encoded, 0, encoded.length);
    }

    /**
     * {@link #decode(byte[])} of {@code encoded[offset … offset+length)}, read in place (an
     * enclosing message need not cut it out first); nothing of {@code encoded} is kept.
     */
    public static Mul2Message decode(byte[] encoded, int offset, int length) {
        if (length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("MUL2: expected " + ENCODED_LENGTH + " bytes, got " + length);
        }
        Objects.checkFromIndexSize(offset, length, encoded.length);
        int[] tauWords = new int[TAU_COUNT * ScalarWords.WORDS];
        boolean inRange = true;
        for (int i = 0; i < TAU_COUNT; i++) {
            inRange &= ScalarWords.decode(encoded, offset + i * Scalar.ENCODED_LENGTH, tauWords, i * ScalarWords.WORDS);
        }
        if (!inRange) {
            throw new InvalidEncodingException("MUL2 tau: value not below the group order");
        }
        offset += TAU_BYTES;
        byte[] digest = Arrays.copyOfRange(encoded, offset, offset + DIGEST_LENGTH);
        offset += DIGEST_LENGTH;
        Scalar[] mu = {take(encoded, offset), take(encoded, offset + 32)};
        Scalar[] gamma = {take(encoded, offset + 64), take(encoded, offset + 96)};
        return new Mul2Message(tauWords, mu, gamma, digest);
    }

    private static Scalar take(byte[] encoded, int offset) {
        return Scalar.fromBytes(Arrays.copyOfRange(encoded, offset, offset + Scalar.ENCODED_LENGTH));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Mul2Message that && Arrays.equals(tauWords, that.tauWords)
                && Arrays.equals(checkDigest, that.checkDigest) && Arrays.equals(mu, that.mu)
                && Arrays.equals(gamma, that.gamma);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(checkDigest);
    }

    @Override
    public String toString() {
        return "Mul2Message[" + ENCODED_LENGTH + " bytes]";
    }
}
