package io.sigil.crypto.dkls23.multiply;

import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;
import java.math.BigInteger;
import org.bouncycastle.util.BigIntegers;

/**
 * Fiat–Shamir challenges and the check digest of the multiplication (spec §5.2.3, §5.3.4,
 * §5.4.3). The thetas hash the whole of {@code MUL1}, so Bob cannot choose them.
 */
final class MultiplicationChallenges {

    static final BigInteger ORDER = Secp256k1.ORDER;

    /** {@code θ̃_m} at index m. */
    final BigInteger[] thetaTilde = new BigInteger[2];
    /** {@code θ̂_m} at index m. */
    final BigInteger[] thetaHat = new BigInteger[2];

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
            challenges.thetaTilde[m] = Dkls23Hash.h2s("mul/theta-tilde", sid, index, mul1.nuView(),
                    mul1.uView(), mul1.xTildeView(), mul1.tTildeView()).toBigInteger();
            challenges.thetaHat[m] = Dkls23Hash.h2s("mul/theta-hat", sid, index, mul1.nuView(),
                    mul1.uView(), mul1.xTildeView(), mul1.tTildeView()).toBigInteger();
        }
        return challenges;
    }

    /**
     * {@code D = H("mul/check"; sid, ρ_{0,0} ‖ … ‖ ρ_{0,ℓ−1} ‖ ρ_{1,0} ‖ … ‖ ρ_{1,ℓ−1})}: the
     * concatenation is one field. {@code rho} is {@code [m][j]}, reduced.
     */
    static byte[] checkDigest(byte[] sid, BigInteger[][] rho) {
        int ell = rho[0].length;
        byte[] packed = new byte[2 * ell * 32];
        for (int m = 0; m < 2; m++) {
            for (int j = 0; j < ell; j++) {
                BigIntegers.asUnsignedByteArray(rho[m][j], packed, (m * ell + j) * 32, 32);
            }
        }
        try {
            return Dkls23Hash.h("mul/check", sid, packed);
        } finally {
            java.util.Arrays.fill(packed, (byte) 0);
        }
    }

    /** {@code Σ_j g_j·z_j mod q}, with one reduction at the end. */
    static BigInteger innerProduct(BigInteger[] gadget, BigInteger[] values) {
        BigInteger sum = BigInteger.ZERO;
        for (int j = 0; j < gadget.length; j++) {
            sum = sum.add(gadget[j].multiply(values[j]));
        }
        return sum.mod(ORDER);
    }
}
