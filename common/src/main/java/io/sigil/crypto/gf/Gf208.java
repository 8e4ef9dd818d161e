package io.sigil.crypto.gf;

import io.sigil.crypto.ec.InvalidEncodingException;

/**
 * Immutable element of GF(2^208) = GF(2)[X] / (X^208 + X^9 + X^3 + X + 1), the field of the KOS
 * consistency check (spec §1.4, §4).
 *
 * <p>Encoding: 26 bytes, LSB-first: bit {@code b} of the string (bit {@code b & 7} of byte
 * {@code b >> 3}) is the coefficient of X^b. Internally four little-endian 64-bit limbs; the top
 * limb holds 16 bits.
 *
 * <p>Multiplication is bit-serial (Horner, highest bit of the right operand first) with masks
 * instead of branches, so its running time does not depend on either operand: the operands in
 * the KOS check are derived from secret OT seeds.
 */
public final class Gf208 {

    public static final int ENCODED_LENGTH = 26;
    public static final int BITS = 208;
    /** X^208 mod f = X^9 + X^3 + X + 1. */
    private static final long REDUCTION = 0x20BL;
    private static final long TOP_MASK = 0xFFFFL;

    public static final Gf208 ZERO = new Gf208(0, 0, 0, 0);
    public static final Gf208 ONE = new Gf208(1, 0, 0, 0);

    private final long limb0;
    private final long limb1;
    private final long limb2;
    private final long limb3;

    private Gf208(long limb0, long limb1, long limb2, long limb3) {
        this.limb0 = limb0;
        this.limb1 = limb1;
        this.limb2 = limb2;
        this.limb3 = limb3;
    }

    /** Reads 26 bytes starting at {@code offset}. */
    public static Gf208 fromBytes(byte[] bytes, int offset) {
        if (bytes == null || offset < 0 || bytes.length - offset < ENCODED_LENGTH) {
            throw new InvalidEncodingException("GF(2^208) element: need 26 bytes at the given offset");
        }
        long l0 = readLittleEndian(bytes, offset, 8);
        long l1 = readLittleEndian(bytes, offset + 8, 8);
        long l2 = readLittleEndian(bytes, offset + 16, 8);
        long l3 = readLittleEndian(bytes, offset + 24, 2);
        return new Gf208(l0, l1, l2, l3);
    }

    /** Decodes exactly 26 bytes. */
    public static Gf208 fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("GF(2^208) element: expected 26 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        return fromBytes(bytes, 0);
    }

    /** The monomial X^exponent, 0 <= exponent < 208. */
    public static Gf208 monomial(int exponent) {
        if (exponent < 0 || exponent >= BITS) {
            throw new IllegalArgumentException("exponent out of range: " + exponent);
        }
        long[] limbs = new long[4];
        limbs[exponent >>> 6] = 1L << (exponent & 63);
        return new Gf208(limbs[0], limbs[1], limbs[2], limbs[3]);
    }

    /** Field addition (XOR). */
    public Gf208 add(Gf208 other) {
        return new Gf208(limb0 ^ other.limb0, limb1 ^ other.limb1, limb2 ^ other.limb2, limb3 ^ other.limb3);
    }

    /** Field multiplication; constant time in both operands. */
    public Gf208 multiply(Gf208 other) {
        long a0 = limb0;
        long a1 = limb1;
        long a2 = limb2;
        long a3 = limb3;
        long r0 = 0;
        long r1 = 0;
        long r2 = 0;
        long r3 = 0;
        long[] b = {other.limb0, other.limb1, other.limb2, other.limb3};
        for (int bit = BITS - 1; bit >= 0; bit--) {
            // r = r·X mod f
            long carry = -((r3 >>> 15) & 1L);
            r3 = ((r3 << 1) | (r2 >>> 63)) & TOP_MASK;
            r2 = (r2 << 1) | (r1 >>> 63);
            r1 = (r1 << 1) | (r0 >>> 63);
            r0 = (r0 << 1) ^ (REDUCTION & carry);
            // r += b_bit · a
            long mask = -((b[bit >>> 6] >>> (bit & 63)) & 1L);
            r0 ^= a0 & mask;
            r1 ^= a1 & mask;
            r2 ^= a2 & mask;
            r3 ^= a3 & mask;
        }
        return new Gf208(r0, r1, r2, r3);
    }

    /**
     * Precomputes {@code this·X^i mod f} for all i, for many products with the same factor (the
     * challenges η in the KOS check). {@link Multiplier#multiply} is about twice as fast as
     * {@link #multiply} and equally constant-time in the other operand.
     */
    public Multiplier multiplier() {
        return new Multiplier(this);
    }

    /** Products with one fixed factor; immutable and thread-safe. */
    public static final class Multiplier {
        /** Limbs of factor·X^i mod f, four per i. */
        private final long[] table = new long[4 * BITS];

        private Multiplier(Gf208 factor) {
            long r0 = factor.limb0;
            long r1 = factor.limb1;
            long r2 = factor.limb2;
            long r3 = factor.limb3;
            for (int i = 0; i < BITS; i++) {
                table[4 * i] = r0;
                table[4 * i + 1] = r1;
                table[4 * i + 2] = r2;
                table[4 * i + 3] = r3;
                long carry = -((r3 >>> 15) & 1L);
                r3 = ((r3 << 1) | (r2 >>> 63)) & TOP_MASK;
                r2 = (r2 << 1) | (r1 >>> 63);
                r1 = (r1 << 1) | (r0 >>> 63);
                r0 = (r0 << 1) ^ (REDUCTION & carry);
            }
        }

        /**
         * {@code factor·X^i mod f} for {@code i < 208}, four limbs each at {@code 4i} (a copy): the
         * columns of the matrix of multiplication by the factor, for bit-sliced products.
         */
        public long[] powers() {
            return table.clone();
        }

        /** factor·other, without branches or table indices that depend on {@code other}. */
        public Gf208 multiply(Gf208 other) {
            long r0 = 0;
            long r1 = 0;
            long r2 = 0;
            long r3 = 0;
            long[] words = {other.limb0, other.limb1, other.limb2, other.limb3};
            for (int i = 0; i < BITS; i++) {
                long mask = -((words[i >>> 6] >>> (i & 63)) & 1L);
                int base = 4 * i;
                r0 ^= table[base] & mask;
                r1 ^= table[base + 1] & mask;
                r2 ^= table[base + 2] & mask;
                r3 ^= table[base + 3] & mask;
            }
            return new Gf208(r0, r1, r2, r3);
        }
    }

    /** {@code this} if {@code bit} is 1, zero if it is 0 (branch-free; bit may be secret). */
    public Gf208 multiplyByBit(int bit) {
        long mask = -((long) (bit & 1));
        return new Gf208(limb0 & mask, limb1 & mask, limb2 & mask, limb3 & mask);
    }

    public boolean isZero() {
        return (limb0 | limb1 | limb2 | limb3) == 0;
    }

    /** 26 bytes, LSB-first. */
    public byte[] toBytes() {
        byte[] out = new byte[ENCODED_LENGTH];
        writeTo(out, 0);
        return out;
    }

    /** Writes the 26-byte encoding to {@code out[offset..offset+26)}. */
    public void writeTo(byte[] out, int offset) {
        writeLittleEndian(out, offset, limb0, 8);
        writeLittleEndian(out, offset + 8, limb1, 8);
        writeLittleEndian(out, offset + 16, limb2, 8);
        writeLittleEndian(out, offset + 24, limb3, 2);
    }

    /** Constant-time comparison (check values in the KOS check are compared with this). */
    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Gf208 that)) {
            return false;
        }
        long difference = (limb0 ^ that.limb0) | (limb1 ^ that.limb1) | (limb2 ^ that.limb2)
                | (limb3 ^ that.limb3);
        return difference == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(limb0 ^ Long.rotateLeft(limb1, 16) ^ Long.rotateLeft(limb2, 32) ^ limb3);
    }

    /** Redacted: field elements in the KOS check derive from secret seeds. */
    @Override
    public String toString() {
        return "Gf208[redacted]";
    }

    private static long readLittleEndian(byte[] bytes, int offset, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[offset + i] & 0xFFL);
        }
        return value;
    }

    private static void writeLittleEndian(byte[] out, int offset, long value, int count) {
        for (int i = 0; i < count; i++) {
            out[offset + i] = (byte) (value >>> (8 * i));
        }
    }
}
