package io.sigil.crypto.ec;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.util.BigIntegers;

/**
 * Immutable element of Z_q (q = secp256k1 group order).
 *
 * <p>Encoding is always 32 bytes big-endian (spec §1.2). Decoding never reduces: a value
 * {@code >= q} is rejected so that every scalar has exactly one encoding. {@link #toString()} is
 * redacted because scalars are usually secret; use {@link #toHex()} explicitly for public values.
 *
 * <p>Backed by {@link BigInteger}, which cannot be wiped: the JVM may keep copies of a secret value
 * until garbage collection. Arithmetic is not constant-time. Both are accepted limitations (spec
 * §9.9); wipe the byte arrays you obtain from {@link #toBytes()} after use.
 */
public final class Scalar {

    public static final int ENCODED_LENGTH = 32;
    private static final BigInteger Q = Secp256k1.ORDER;

    public static final Scalar ZERO = new Scalar(BigInteger.ZERO);
    public static final Scalar ONE = new Scalar(BigInteger.ONE);

    private final BigInteger value;

    private Scalar(BigInteger value) {
        this.value = value;
    }

    /** Decodes exactly 32 big-endian bytes holding a value {@code < q}; never reduces. */
    public static Scalar fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("scalar: expected 32 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        BigInteger v = new BigInteger(1, bytes);
        if (v.compareTo(Q) >= 0) {
            throw new InvalidEncodingException("scalar: value not below the group order");
        }
        return new Scalar(v);
    }

    /** As {@link #fromBytes(byte[])}, and the value must be non-zero (an element of Z_q*). */
    public static Scalar fromBytesNonZero(byte[] bytes) {
        Scalar s = fromBytes(bytes);
        if (s.isZero()) {
            throw new InvalidEncodingException("scalar: zero where a non-zero scalar is required");
        }
        return s;
    }

    /**
     * Reduces {@code v} mod q. For local computations only, never for received values. A value
     * already in {@code [0, q)} (most callers' case) is taken as it is: {@code mod} would divide.
     */
    public static Scalar fromBigInteger(BigInteger v) {
        return new Scalar(v.signum() >= 0 && v.compareTo(Q) < 0 ? v : v.mod(Q));
    }

    /** Reduces {@code v} mod q; negative values are allowed. */
    public static Scalar fromLong(long v) {
        return new Scalar(BigInteger.valueOf(v).mod(Q));
    }

    /**
     * Uniform in [1, q-1] by rejection sampling on 32 random bytes (spec §1.1). The rejection
     * probability is about 2^-128 per draw.
     */
    public static Scalar random(SecureRandom rng) {
        byte[] buffer = new byte[ENCODED_LENGTH];
        try {
            while (true) {
                rng.nextBytes(buffer);
                BigInteger v = new BigInteger(1, buffer);
                if (v.signum() != 0 && v.compareTo(Q) < 0) {
                    return new Scalar(v);
                }
            }
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }

    /** {@code int(digest) mod q} (unsigned big-endian), as used by H2S (spec §1.3). */
    public static Scalar reduce(byte[] digest) {
        return new Scalar(new BigInteger(1, digest).mod(Q));
    }

    public Scalar add(Scalar other) {
        BigInteger sum = value.add(other.value);
        return new Scalar(sum.compareTo(Q) >= 0 ? sum.subtract(Q) : sum);
    }

    public Scalar subtract(Scalar other) {
        BigInteger difference = value.subtract(other.value);
        return new Scalar(difference.signum() < 0 ? difference.add(Q) : difference);
    }

    public Scalar multiply(Scalar other) {
        return new Scalar(value.multiply(other.value).mod(Q));
    }

    public Scalar negate() {
        return value.signum() == 0 ? this : new Scalar(Q.subtract(value));
    }

    /**
     * Multiplicative inverse; {@link ArithmeticException} for zero. Bouncy Castle's
     * {@code modOddInverse} (its constant-time safegcd, {@code Mod.modOddInverse}): about a
     * quarter of the time of {@code BigInteger.modInverse}, which is variable-time
     * (docs/security.md §8).
     */
    public Scalar invert() {
        if (value.signum() == 0) {
            throw new ArithmeticException("scalar: zero has no inverse");
        }
        return new Scalar(BigIntegers.modOddInverse(Q, value));
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    /** True when the value is above (q-1)/2 (a "high-s" ECDSA value). */
    public boolean isHigh() {
        return value.compareTo(Secp256k1.HALF_ORDER) > 0;
    }

    /** Always 32 bytes big-endian; the caller owns (and should wipe) the array. */
    public byte[] toBytes() {
        return BigIntegers.asUnsignedByteArray(ENCODED_LENGTH, value);
    }

    public BigInteger toBigInteger() {
        return value;
    }

    /** Hex of the 32-byte encoding. Only for public values (signature parts, challenges). */
    public String toHex() {
        return HexFormat.of().formatHex(toBytes());
    }

    /** Compares the encodings in constant time (BigInteger.equals may exit early). */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Scalar that)) {
            return false;
        }
        byte[] a = toBytes();
        byte[] b = that.toBytes();
        boolean equal = org.bouncycastle.util.Arrays.constantTimeAreEqual(a, b);
        Arrays.fill(a, (byte) 0);
        Arrays.fill(b, (byte) 0);
        return equal;
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "Scalar[redacted]";
    }
}
