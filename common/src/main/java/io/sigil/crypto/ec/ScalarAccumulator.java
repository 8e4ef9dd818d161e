package io.sigil.crypto.ec;

import java.util.Arrays;

/**
 * A sum of products of {@link ScalarWords} values, kept unreduced and reduced mod q once at the
 * end: the inner products {@code Σ g_j·z_j} and the check values {@code θ̃·z + θ̂·z'} of the
 * multiplication (spec §5.3–5.4).
 *
 * <p>Why columns: a 256 × 256-bit product is 64 products of 32-bit words. Adding each into a
 * 512-bit number word by word chains every step on the previous carry; here the low and high
 * halves of every word product are added into sixteen 64-bit column sums instead, which have no
 * carries to chain (each addition is below 2^32, so a column absorbs 2^31 of them), and the
 * carries are propagated once, when the sum is read. After {@link #LIMIT} products the columns
 * are normalised (carries propagated, the value unchanged); the carry word holds up to 2^32
 * terms in all.
 *
 * <p>The reduction folds with {@code 2^256 ≡ 2^256 − q (mod q)}, the complement being 129 bits:
 * three folds bring any sum below 2^256 + 2^165, a masked fourth below 2^256, and a masked
 * subtraction into {@code [0, q)}. Every loop bound is fixed, nothing branches or indexes on the
 * values (docs/security.md §8).
 *
 * <p>Not thread-safe; the columns hold secret intermediates, cleared by every
 * {@link #reduceTo} (each column is zeroed by the fold or the final pass that reads it) and by
 * {@link #wipe()}.
 */
public final class ScalarAccumulator {

    private static final long MASK = 0xFFFF_FFFFL;
    private static final int WORDS = ScalarWords.WORDS;
    /** Products (or values) added before the columns are normalised: 16·2^32 each, far below 2^63. */
    static final int LIMIT = 1 << 24;

    /** Column sums of the 512-bit sum, then the column of its carries (word 16). */
    private final long[] columns = new long[2 * WORDS + 1];
    private int terms;

    /** Adds {@code x·y} (both reduced values). */
    public ScalarAccumulator addProduct(int[] x, int xOffset, int[] y, int yOffset) {
        countTerm();
        long y0 = y[yOffset] & MASK;
        long y1 = y[yOffset + 1] & MASK;
        long y2 = y[yOffset + 2] & MASK;
        long y3 = y[yOffset + 3] & MASK;
        long y4 = y[yOffset + 4] & MASK;
        long y5 = y[yOffset + 5] & MASK;
        long y6 = y[yOffset + 6] & MASK;
        long y7 = y[yOffset + 7] & MASK;
        long[] c = columns;
        for (int i = 0; i < WORDS; i++) {
            long xi = x[xOffset + i] & MASK;
            long p0 = xi * y0;
            long p1 = xi * y1;
            long p2 = xi * y2;
            long p3 = xi * y3;
            long p4 = xi * y4;
            long p5 = xi * y5;
            long p6 = xi * y6;
            long p7 = xi * y7;
            // Column i + j takes the low half of x_i·y_j, column i + j + 1 its high half.
            c[i] += p0 & MASK;
            c[i + 1] += (p0 >>> 32) + (p1 & MASK);
            c[i + 2] += (p1 >>> 32) + (p2 & MASK);
            c[i + 3] += (p2 >>> 32) + (p3 & MASK);
            c[i + 4] += (p3 >>> 32) + (p4 & MASK);
            c[i + 5] += (p4 >>> 32) + (p5 & MASK);
            c[i + 6] += (p5 >>> 32) + (p6 & MASK);
            c[i + 7] += (p6 >>> 32) + (p7 & MASK);
            c[i + 8] += p7 >>> 32;
        }
        return this;
    }

    /** Adds {@code x} (a reduced value). */
    public ScalarAccumulator addValue(int[] x, int xOffset) {
        countTerm();
        for (int i = 0; i < WORDS; i++) {
            columns[i] += x[xOffset + i] & MASK;
        }
        return this;
    }

    /** Writes the sum mod q to {@code z[zOffset…]} and starts a new, empty sum. */
    public void reduceTo(int[] z, int zOffset) {
        normalise();
        long[] c = columns;
        // c = H·2^256 + L ≡ L + H·k (k = 2^256 − q) with H < 2^288: below 2^418.
        fold(c, 17, 14);
        // High part below 2^162: the next sum is below 2^292.
        fold(c, 14, 10);
        // High part below 2^36: the sum is below 2^256 + 2^165, so word 8 is the only carry.
        fold(c, 10, 9);
        // With that carry the low part is below 2^165, so adding k cannot overflow again. The
        // result goes straight to z; the columns are cleared as they are read (the folds above
        // left columns 9…16 at zero), so no separate wipe pass is needed.
        long mask = -c[WORDS];
        c[WORDS] = 0;
        long sum = 0;
        for (int i = 0; i < WORDS; i++) {
            sum += c[i] + (ScalarWords.COMPLEMENT[i] & MASK & mask);
            c[i] = 0;
            z[zOffset + i] = (int) sum;
            sum >>>= 32;
        }
        ScalarWords.reduceOnce(0, z, zOffset);
        terms = 0;
    }

    /**
     * {@code c[0…outWords) = c[0…8) + c[8…inWords)·k} (k = 2^256 − q, five words), normalised
     * words held in longs, computed by column sums; the callers' bounds make the result fit.
     */
    private static void fold(long[] c, int inWords, int outWords) {
        long k0 = ScalarWords.COMPLEMENT[0] & MASK;
        long k1 = ScalarWords.COMPLEMENT[1] & MASK;
        long k2 = ScalarWords.COMPLEMENT[2] & MASK;
        long k3 = ScalarWords.COMPLEMENT[3] & MASK;
        // Ascending: word i's products land on columns i − 8 … i − 4, below i, so every high word
        // is read before anything is added to it (what is added later is part of the result).
        // k4 = 1: the high word itself goes to column i − 4.
        for (int i = WORDS; i < inWords; i++) {
            long high = c[i];
            c[i] = 0;
            int at = i - WORDS;
            long p0 = high * k0;
            long p1 = high * k1;
            long p2 = high * k2;
            long p3 = high * k3;
            c[at] += p0 & MASK;
            c[at + 1] += (p0 >>> 32) + (p1 & MASK);
            c[at + 2] += (p1 >>> 32) + (p2 & MASK);
            c[at + 3] += (p2 >>> 32) + (p3 & MASK);
            c[at + 4] += (p3 >>> 32) + high;
        }
        long carry = 0;
        for (int k = 0; k < outWords; k++) {
            carry += c[k];
            c[k] = carry & MASK;
            carry >>>= 32;
        }
    }

    private void countTerm() {
        if (++terms == LIMIT) {
            normalise();
            terms = 1;
        }
    }

    /** Propagates the column carries: columns 0…15 below 2^32, column 16 the rest; same value. */
    private void normalise() {
        long carry = 0;
        for (int k = 0; k < 2 * WORDS; k++) {
            carry += columns[k];
            columns[k] = carry & MASK;
            carry >>>= 32;
        }
        columns[2 * WORDS] += carry;
    }

    /** Clears the sum and the scratch space. */
    public void wipe() {
        Arrays.fill(columns, 0L);
        terms = 0;
    }

    @Override
    public String toString() {
        return "ScalarAccumulator[redacted]";
    }
}
