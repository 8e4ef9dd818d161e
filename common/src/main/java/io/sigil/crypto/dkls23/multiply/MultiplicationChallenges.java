package io.sigil.crypto.dkls23.multiply;

import io.sigil.crypto.ec.ScalarAccumulator;
import io.sigil.crypto.ec.ScalarWords;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;

/**
 * Fiat–Shamir challenges and the check digest of the multiplication (spec §5.2.3, §5.3.4,
 * §5.4.3). The thetas hash the whole of {@code MUL1}, so Bob cannot choose them. Values are in
 * {@link ScalarWords} layout.
 */
final class MultiplicationChallenges {

    private static final int WORDS = ScalarWords.WORDS;

    /** {@code θ̃_m} at {@code m·8}. */
    final int[] thetaTilde = new int[2 * WORDS];
    /** {@code θ̂_m} at {@code m·8}. */
    final int[] thetaHat = new int[2 * WORDS];

    private MultiplicationChallenges() {
    }

    /**
     * {@code θ̃_m = H2S("mul/theta-tilde"; sid, u32(m), ν, Ubytes, x̃, t̃bytes)} and
     * {@code θ̂_m = H2S("mul/theta-hat"; …)} for {@code m = 0, 1}.
     */
    static MultiplicationChallenges derive(byte[] sid, Mul1Message mul1) {
        MultiplicationChallenges challenges = new MultiplicationChallenges();
        for (int m = 0; m < 2; m++) {
            byte[] index = Encoding.u32(m);
            ScalarWords.fromScalar(Dkls23Hash.h2s("mul/theta-tilde", sid, index, mul1.nuView(), mul1.uView(),
                    mul1.xTildeView(), mul1.tTildeView()), challenges.thetaTilde, m * WORDS);
            ScalarWords.fromScalar(Dkls23Hash.h2s("mul/theta-hat", sid, index, mul1.nuView(), mul1.uView(),
                    mul1.xTildeView(), mul1.tTildeView()), challenges.thetaHat, m * WORDS);
        }
        return challenges;
    }

    /**
     * {@code θ̃_m·x + θ̂_m·x'} for the values at {@code tildeOffset} and {@code hatOffset} of
     * {@code values}, written to {@code z[zOffset…]}.
     */
    void combine(ScalarAccumulator sum, int m, int[] values, int tildeOffset, int hatOffset, int[] z, int zOffset) {
        sum.addProduct(thetaTilde, m * WORDS, values, tildeOffset)
                .addProduct(thetaHat, m * WORDS, values, hatOffset)
                .reduceTo(z, zOffset);
    }

    /**
     * {@code D = H("mul/check"; sid, ρ_{0,0} ‖ … ‖ ρ_{0,ℓ−1} ‖ ρ_{1,0} ‖ … ‖ ρ_{1,ℓ−1})}: the
     * concatenation is one field. {@code rho} holds {@code ρ_{m,j}} at {@code (m·ℓ + j)·8}, reduced.
     */
    static byte[] checkDigest(byte[] sid, int[] rho) {
        int count = rho.length / WORDS;
        byte[] packed = new byte[count * 32];
        for (int i = 0; i < count; i++) {
            ScalarWords.encode(rho, i * WORDS, packed, i * 32);
        }
        try {
            return Dkls23Hash.h("mul/check", sid, packed);
        } finally {
            java.util.Arrays.fill(packed, (byte) 0);
        }
    }

    /** {@code Σ_j g_j·z_j mod q} over the ℓ values of {@code values} from {@code offset}, one reduction. */
    static void innerProduct(ScalarAccumulator sum, int[] gadget, int[] values, int offset, int[] z, int zOffset) {
        int ell = gadget.length / WORDS;
        for (int j = 0; j < ell; j++) {
            sum.addProduct(gadget, j * WORDS, values, offset + j * WORDS);
        }
        sum.reduceTo(z, zOffset);
    }
}
