package io.sigil.crypto.ec;

import java.math.BigInteger;
import org.bouncycastle.math.raw.Nat;
import org.bouncycastle.math.raw.Nat256;
import org.bouncycastle.util.Pack;

/**
 * Elements of Z_q held as eight 32-bit words, least significant first (Bouncy Castle's
 * {@code Nat256} layout), in caller-owned {@code int[]} arrays at an offset: the hot loops of the
 * OT extension and the multiplication (thousands of values per signature) work on flat arrays
 * without allocating. Every value handed to or returned by these methods is reduced, {@code < q},
 * except what {@link #decode} reports as out of range.
 *
 * <p>Fixed-width word loops (carries in a {@code long}, fixed trip counts) that run the same
 * instructions whatever the values: no branch or index depends on them, and the reductions select
 * by masks. {@code add}, {@code subtract} and the H2S reduction are written out here rather than
 * taken from Bouncy Castle's {@code Nat256}/{@code Nat} because they run some 20 000 times per
 * signature and one pass over longs costs half as much. {@link Scalar} stays the typed value of
 * the protocol code; these are its bulk form (docs/security.md §8).
 */
public final class ScalarWords {

    /** Words per value. */
    public static final int WORDS = 8;

    static final int[] ORDER = Nat256.fromBigInteger(Secp256k1.ORDER);
    /** {@code 2^256 − q} (129 bits, five non-zero words): adding it is subtracting q mod 2^256. */
    static final int[] COMPLEMENT = Nat256.fromBigInteger(BigInteger.ONE.shiftLeft(256).subtract(Secp256k1.ORDER));
    static final int COMPLEMENT_WORDS = 5;
    static final long MASK = 0xFFFF_FFFFL;

    private ScalarWords() {
    }

    /**
     * Reads 32 big-endian bytes into {@code z[zOffset…]} without reducing.
     *
     * @return whether the value is below q (the caller must refuse it otherwise, as
     *         {@link Scalar#fromBytes} does)
     */
    public static boolean decode(byte[] in, int inOffset, int[] z, int zOffset) {
        for (int i = 0; i < WORDS; i++) {
            z[zOffset + i] = Pack.bigEndianToInt(in, inOffset + 4 * (WORDS - 1 - i));
        }
        return Nat.lessThan(WORDS, z, zOffset, ORDER, 0) != 0;
    }

    /** Writes the 32-byte big-endian encoding of {@code x[xOffset…]} to {@code out[outOffset…]}. */
    public static void encode(int[] x, int xOffset, byte[] out, int outOffset) {
        for (int i = 0; i < WORDS; i++) {
            Pack.intToBigEndian(x[xOffset + i], out, outOffset + 4 * (WORDS - 1 - i));
        }
    }

    /**
     * {@code int(digest) mod q} for a 32-byte big-endian digest (H2S, spec §1.3). Any 256-bit value
     * is below 2q, so one masked subtraction reduces it.
     */
    public static void fromDigest(byte[] digest, int digestOffset, int[] z, int zOffset) {
        for (int i = 0; i < WORDS; i++) {
            z[zOffset + i] = Pack.bigEndianToInt(digest, digestOffset + 4 * (WORDS - 1 - i));
        }
        reduceOnce(0, z, zOffset);
    }

    /** {@code z = x + y mod q}; {@code z} may alias {@code x} or {@code y}. */
    public static void add(int[] x, int xOffset, int[] y, int yOffset, int[] z, int zOffset) {
        long carry = 0;
        for (int i = 0; i < WORDS; i++) {
            carry += (x[xOffset + i] & MASK) + (y[yOffset + i] & MASK);
            z[zOffset + i] = (int) carry;
            carry >>>= 32;
        }
        reduceOnce((int) carry, z, zOffset);
    }

    /** {@code z = x − y mod q}; {@code z} may alias {@code x} or {@code y}. */
    public static void subtract(int[] x, int xOffset, int[] y, int yOffset, int[] z, int zOffset) {
        long difference = 0;
        for (int i = 0; i < WORDS; i++) {
            difference += (x[xOffset + i] & MASK) - (y[yOffset + i] & MASK);
            z[zOffset + i] = (int) difference;
            difference >>= 32; // arithmetic: 0, or −1 for a borrow
        }
        // On a borrow z holds x − y + 2^256 and mask is all ones: adding q under the mask.
        long mask = difference;
        long carry = 0;
        for (int i = 0; i < WORDS; i++) {
            carry += (z[zOffset + i] & MASK) + (ORDER[i] & MASK & mask);
            z[zOffset + i] = (int) carry;
            carry >>>= 32;
        }
    }

    /** {@code z = x} when {@code bit} is 1, else 0, without a branch on {@code bit}. */
    public static void select(int bit, int[] x, int xOffset, int[] z, int zOffset) {
        int mask = -bit;
        for (int i = 0; i < WORDS; i++) {
            z[zOffset + i] = x[xOffset + i] & mask;
        }
    }

    /** The words of {@code s} (into {@code z[zOffset…]}). */
    public static void fromScalar(Scalar s, int[] z, int zOffset) {
        byte[] bytes = s.toBytes();
        decode(bytes, 0, z, zOffset);
        java.util.Arrays.fill(bytes, (byte) 0);
    }

    /** The scalar held in {@code x[xOffset…]} (which must be reduced). */
    public static Scalar toScalar(int[] x, int xOffset) {
        byte[] bytes = new byte[Scalar.ENCODED_LENGTH];
        encode(x, xOffset, bytes, 0);
        try {
            return Scalar.fromBytes(bytes);
        } finally {
            java.util.Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Values {@code (r, c)} at {@code (r·columns + c)·8} as {@code BigInteger[r][c]}. */
    public static BigInteger[][] toBigIntegers(int[] words, int rowCount, int columns) {
        BigInteger[][] out = new BigInteger[rowCount][columns];
        byte[] bytes = new byte[Scalar.ENCODED_LENGTH];
        for (int r = 0; r < rowCount; r++) {
            for (int c = 0; c < columns; c++) {
                encode(words, (r * columns + c) * WORDS, bytes, 0);
                out[r][c] = new BigInteger(1, bytes);
            }
        }
        java.util.Arrays.fill(bytes, (byte) 0);
        return out;
    }

    /**
     * Reduces {@code carry·2^256 + z} (a value below 2q) to {@code [0, q)}: {@code z + (2^256 − q)}
     * overflows exactly when the value is at least q, and is then the result; otherwise the
     * addition is undone. Both arms run the same instructions.
     */
    static void reduceOnce(int carry, int[] z, int zOffset) {
        // First pass: only whether z + (2^256 − q) overflows; second: add it under that mask.
        long sum = 0;
        for (int i = 0; i < WORDS; i++) {
            sum += (z[zOffset + i] & MASK) + (COMPLEMENT[i] & MASK);
            sum >>>= 32;
        }
        long mask = -(((carry | (int) sum) & 1) & MASK);
        sum = 0;
        for (int i = 0; i < WORDS; i++) {
            sum += (z[zOffset + i] & MASK) + (COMPLEMENT[i] & MASK & mask);
            z[zOffset + i] = (int) sum;
            sum >>>= 32;
        }
    }
}
