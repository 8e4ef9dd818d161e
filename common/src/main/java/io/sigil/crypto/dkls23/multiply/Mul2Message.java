package io.sigil.crypto.dkls23.multiply;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ot.OtParameters;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code MUL2} (spec §5.3.7, Alice → Bob, signing round 2):
 * {@code τ_{w,j}} (w = 0..3 outer, j = 0..415 inner), {@code D}, {@code μ_0, μ_1},
 * {@code γ_0, γ_1} = 53 248 + 32 + 64 + 64 = 53 408 bytes. Scalars are 32 bytes big-endian and
 * must be {@code < q} (never reduced on receipt); wrong sizes or ranges are abort row 4
 * ({@code InvalidMessage}, culprit Alice).
 */
public record Mul2Message(Scalar[] tau, byte[] checkDigest, Scalar[] mu, Scalar[] gamma) {

    public static final int TAU_COUNT = OtParameters.CORRELATIONS * OtParameters.ELL;
    public static final int DIGEST_LENGTH = 32;
    public static final int ENCODED_LENGTH = (TAU_COUNT + 4) * Scalar.ENCODED_LENGTH + DIGEST_LENGTH;

    public Mul2Message {
        tau = checkScalars(tau, TAU_COUNT, "tau");
        Objects.requireNonNull(checkDigest, "checkDigest");
        if (checkDigest.length != DIGEST_LENGTH) {
            throw new InvalidEncodingException("MUL2 D: expected 32 bytes");
        }
        checkDigest = checkDigest.clone();
        mu = checkScalars(mu, 2, "mu");
        gamma = checkScalars(gamma, 2, "gamma");
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

    /** {@code τ_{w,j}} at index {@code w·ℓ + j}. */
    public Scalar tau(int w, int j) {
        return tau[w * OtParameters.ELL + j];
    }

    @Override
    public Scalar[] tau() {
        return tau.clone();
    }

    @Override
    public byte[] checkDigest() {
        return checkDigest.clone();
    }

    @Override
    public Scalar[] mu() {
        return mu.clone();
    }

    @Override
    public Scalar[] gamma() {
        return gamma.clone();
    }

    byte[] checkDigestView() {
        return checkDigest;
    }

    public byte[] encode() {
        byte[] out = new byte[ENCODED_LENGTH];
        int offset = 0;
        for (Scalar value : tau) {
            offset = put(out, offset, value);
        }
        System.arraycopy(checkDigest, 0, out, offset, DIGEST_LENGTH);
        offset += DIGEST_LENGTH;
        offset = put(out, offset, mu[0]);
        offset = put(out, offset, mu[1]);
        offset = put(out, offset, gamma[0]);
        put(out, offset, gamma[1]);
        return out;
    }

    private static int put(byte[] out, int offset, Scalar value) {
        System.arraycopy(value.toBytes(), 0, out, offset, Scalar.ENCODED_LENGTH);
        return offset + Scalar.ENCODED_LENGTH;
    }

    /** Exactly 53 408 bytes and every scalar {@code < q}, else {@link InvalidEncodingException}. */
    public static Mul2Message decode(byte[] encoded) {
        if (encoded == null || encoded.length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("MUL2: expected " + ENCODED_LENGTH + " bytes, got "
                    + (encoded == null ? "null" : encoded.length));
        }
        int offset = 0;
        Scalar[] tau = new Scalar[TAU_COUNT];
        for (int i = 0; i < TAU_COUNT; i++) {
            tau[i] = take(encoded, offset);
            offset += Scalar.ENCODED_LENGTH;
        }
        byte[] digest = Arrays.copyOfRange(encoded, offset, offset + DIGEST_LENGTH);
        offset += DIGEST_LENGTH;
        Scalar[] mu = {take(encoded, offset), take(encoded, offset + 32)};
        Scalar[] gamma = {take(encoded, offset + 64), take(encoded, offset + 96)};
        return new Mul2Message(tau, digest, mu, gamma);
    }

    private static Scalar take(byte[] encoded, int offset) {
        return Scalar.fromBytes(Arrays.copyOfRange(encoded, offset, offset + Scalar.ENCODED_LENGTH));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Mul2Message that && Arrays.equals(tau, that.tau)
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
