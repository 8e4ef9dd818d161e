package io.sigil.crypto.ec;

import java.util.Arrays;
import org.bouncycastle.math.raw.Nat;
import org.bouncycastle.math.raw.Nat256;

/**
 * A sum of products of {@link ScalarWords} values, kept unreduced (512 bits plus a carry word)
 * and reduced mod q once at the end: the inner products {@code Σ g_j·z_j} and the check values
 * {@code θ̃·z + θ̂·z'} of the multiplication (spec §5.3–5.4). Holds up to 2^32 products.
 *
 * <p>The reduction folds with {@code 2^256 ≡ 2^256 − q (mod q)}, the complement being 129 bits:
 * three folds bring any sum below 2^256 + 2^165, a masked fourth below 2^256, and a masked
 * subtraction into {@code [0, q)}; all on Bouncy Castle's fixed-width {@code Nat} helpers, with no
 * branch on the values (docs/security.md §8).
 *
 * <p>Not thread-safe; the scratch arrays hold secret intermediates, cleared by every
 * {@link #reduceTo} and by {@link #wipe()}.
 */
public final class ScalarAccumulator {

    /** 16 words of the 512-bit sum, then the carry word. */
    private final int[] wide = new int[2 * ScalarWords.WORDS + 1];
    private final int[] firstFold = new int[14];
    private final int[] secondFold = new int[11];
    private final int[] thirdFold = new int[ScalarWords.WORDS];

    /** Adds {@code x·y} (both reduced values). */
    public ScalarAccumulator addProduct(int[] x, int xOffset, int[] y, int yOffset) {
        int carry = Nat256.mulAddTo(x, xOffset, y, yOffset, wide, 0);
        wide[2 * ScalarWords.WORDS] += carry;
        return this;
    }

    /** Adds {@code x} (a reduced value). */
    public ScalarAccumulator addValue(int[] x, int xOffset) {
        int carry = Nat.addTo(ScalarWords.WORDS, x, xOffset, wide, 0);
        propagate(carry, wide, ScalarWords.WORDS);
        return this;
    }

    /** Writes the sum mod q to {@code z[zOffset…]} and starts a new, empty sum. */
    public void reduceTo(int[] z, int zOffset) {
        int[] complement = ScalarWords.COMPLEMENT;
        int complementWords = ScalarWords.COMPLEMENT_WORDS;
        // wide = H·2^256 + L ≡ L + H·c with H < 2^288: below 2^418.
        Nat.mul(wide, ScalarWords.WORDS, 9, complement, 0, complementWords, firstFold, 0);
        int carry = Nat.addTo(ScalarWords.WORDS, wide, 0, firstFold, 0);
        propagate(carry, firstFold, ScalarWords.WORDS);
        // High part below 2^162: the next sum is below 2^292.
        Nat.mul(firstFold, ScalarWords.WORDS, 6, complement, 0, complementWords, secondFold, 0);
        carry = Nat.addTo(ScalarWords.WORDS, firstFold, 0, secondFold, 0);
        propagate(carry, secondFold, ScalarWords.WORDS);
        // High part below 2^36: the sum is below 2^256 + 2^165, so at most one carry.
        Nat.mul(secondFold, ScalarWords.WORDS, 3, complement, 0, complementWords, thirdFold, 0);
        carry = Nat.addTo(ScalarWords.WORDS, secondFold, 0, thirdFold, 0);
        // With that carry the low part is below 2^165, so adding c cannot overflow again.
        Nat.caddTo(ScalarWords.WORDS, -carry, complement, thirdFold);
        ScalarWords.reduceOnce(0, thirdFold, 0);
        System.arraycopy(thirdFold, 0, z, zOffset, ScalarWords.WORDS);
        wipe();
    }

    /**
     * Adds {@code carry} at word {@code from} through to the end of {@code z}: every word is
     * visited (Bouncy Castle's {@code Nat.addWordAt} stops early when the carry dies out).
     */
    private static void propagate(int carry, int[] z, int from) {
        long sum = carry & 0xFFFFFFFFL;
        for (int i = from; i < z.length; i++) {
            sum += z[i] & 0xFFFFFFFFL;
            z[i] = (int) sum;
            sum >>>= 32;
        }
    }

    /** Clears the sum and the scratch space. */
    public void wipe() {
        Arrays.fill(wide, 0);
        Arrays.fill(firstFold, 0);
        Arrays.fill(secondFold, 0);
        Arrays.fill(thirdFold, 0);
    }

    @Override
    public String toString() {
        return "ScalarAccumulator[redacted]";
    }
}
