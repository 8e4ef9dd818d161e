package io.sigil.crypto.dkls23.multiply;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ot.ExtensionReceiverSeeds;
import io.sigil.crypto.ot.Gadget;
import io.sigil.crypto.ot.OtExtensionReceiver;
import io.sigil.crypto.ot.OtParameters;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Bob's side of {@code MUL(i←j)} (spec §5.2 and §5.4; DKLs23 Functionality 3.5 with DKLs19
 * Protocol 1): Bob has no input, obtains a random {@code χ = Σ ω_j·g_j} and, after Alice's
 * {@code MUL2}, his shares {@code d = (d_0, d_1)} with {@code c_m + d_m = χ·a_m}.
 *
 * <p>Secret holder: {@code ω}, {@code χ} and the extension rows. Single use: {@link #finish}
 * runs once; {@link #destroy()} wipes what can be wiped (BigInteger values cannot be, spec §9.9).
 */
public final class MultiplicationReceiver {

    private final byte[] sid;
    private final BigInteger[] gadget;
    private final Scalar chi;
    private final Mul1Message message;
    private final MultiplicationChallenges challenges;
    private OtExtensionReceiver extension;
    private byte[] choiceBits;

    private MultiplicationReceiver(byte[] sid, BigInteger[] gadget, Scalar chi, Mul1Message message,
            MultiplicationChallenges challenges, OtExtensionReceiver extension, byte[] choiceBits) {
        this.sid = sid;
        this.gadget = gadget;
        this.chi = chi;
        this.message = message;
        this.challenges = challenges;
        this.extension = extension;
        this.choiceBits = choiceBits;
    }

    /**
     * Round 1 (spec §5.2): samples {@code ω ← {0,1}^ℓ}, computes {@code χ}, runs the extension.
     *
     * @param mulSid {@code mul_sid(i←j)}, 32 bytes
     * @param dirSid {@code dir_sid(N_i→N_j)}, 32 bytes (selects the gadget)
     * @param seeds  Bob's state of direction {@code N_i→N_j}
     */
    public static MultiplicationReceiver start(byte[] mulSid, byte[] dirSid, ExtensionReceiverSeeds seeds,
            SecureRandom rng) {
        byte[] omega = new byte[OtParameters.ELL_BYTES];
        rng.nextBytes(omega);
        return startWithChoice(mulSid, dirSid, seeds, omega, rng);
    }

    /** As {@link #start} with a given {@code ω} (52 bytes, LSB-first); tests only. */
    static MultiplicationReceiver startWithChoice(byte[] mulSid, byte[] dirSid, ExtensionReceiverSeeds seeds,
            byte[] omega, SecureRandom rng) {
        BigInteger[] gadget = Gadget.values(dirSid);
        BigInteger sum = BigInteger.ZERO;
        for (int j = 0; j < OtParameters.ELL; j++) {
            // Adds g_j or 0 chosen by index rather than by branch.
            BigInteger[] choice = {BigInteger.ZERO, gadget[j]};
            sum = sum.add(choice[(omega[j >>> 3] >>> (j & 7)) & 1]);
        }
        Scalar chi = Scalar.fromBigInteger(sum);
        OtExtensionReceiver extension = OtExtensionReceiver.extend(mulSid, seeds, omega, rng);
        Mul1Message message = new Mul1Message(extension.nu(), extension.u(), extension.xTilde(), extension.tTilde());
        MultiplicationChallenges challenges = MultiplicationChallenges.derive(mulSid, message);
        return new MultiplicationReceiver(mulSid.clone(), gadget, chi, message, challenges, extension, omega.clone());
    }

    /** {@code χ_ij}: Bob's random multiplicand. Secret. */
    public Scalar chi() {
        return chi;
    }

    /** {@code MUL1} for Alice. */
    public Mul1Message message() {
        return message;
    }

    /**
     * Round 3 (spec §5.4): {@code zB} from the transfer, the check of {@code D}, then
     * {@code d_m = χ·γ_m + Σ_j g_j·zB_{m,j}}. Sizes and scalar ranges were checked when
     * {@code mul2} was decoded (abort row 4).
     *
     * @return {@code (d_0, d_1)}
     * @throws MultiplicationCheckFailedException culprit Alice, BAN (abort row 6)
     * @throws IllegalStateException on a second call or after {@link #destroy()}
     */
    public synchronized Scalar[] finish(Mul2Message mul2) throws MultiplicationCheckFailedException {
        if (extension == null) {
            throw new IllegalStateException("multiplication receiver already finished or destroyed");
        }
        OtExtensionReceiver ext = extension;
        extension = null;
        byte[] omega = choiceBits;
        choiceBits = null;
        try {
            int ell = OtParameters.ELL;
            BigInteger[][] tau = new BigInteger[OtParameters.CORRELATIONS][ell];
            for (int w = 0; w < OtParameters.CORRELATIONS; w++) {
                for (int j = 0; j < ell; j++) {
                    tau[w][j] = mul2.tau(w, j).toBigInteger();
                }
            }
            BigInteger[][] zB = ext.receive(tau);
            BigInteger[] mu = {mul2.mu()[0].toBigInteger(), mul2.mu()[1].toBigInteger()};
            BigInteger[][] rho = new BigInteger[2][ell];
            BigInteger[] selected = new BigInteger[2];
            selected[0] = BigInteger.ZERO;
            for (int m = 0; m < 2; m++) {
                selected[1] = mu[m];
                BigInteger thetaTilde = challenges.thetaTilde[m];
                BigInteger thetaHat = challenges.thetaHat[m];
                for (int j = 0; j < ell; j++) {
                    BigInteger masked = thetaTilde.multiply(zB[m][j]).add(thetaHat.multiply(zB[2 + m][j]));
                    int bit = (omega[j >>> 3] >>> (j & 7)) & 1;
                    rho[m][j] = selected[bit].subtract(masked).mod(MultiplicationChallenges.ORDER);
                }
            }
            byte[] expected = MultiplicationChallenges.checkDigest(sid, rho);
            if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(expected, mul2.checkDigestView())) {
                throw new MultiplicationCheckFailedException();
            }
            Scalar[] gamma = mul2.gamma();
            Scalar[] d = new Scalar[2];
            for (int m = 0; m < 2; m++) {
                BigInteger sum = MultiplicationChallenges.innerProduct(gadget, zB[m]);
                d[m] = chi.multiply(gamma[m]).add(Scalar.fromBigInteger(sum));
            }
            return d;
        } finally {
            ext.destroy();
            Arrays.fill(omega, (byte) 0);
        }
    }

    /** Wipes the extension state and {@code ω}; later calls of {@link #finish} throw. */
    public synchronized void destroy() {
        if (extension != null) {
            extension.destroy();
            extension = null;
        }
        if (choiceBits != null) {
            Arrays.fill(choiceBits, (byte) 0);
            choiceBits = null;
        }
    }

    @Override
    public String toString() {
        return "MultiplicationReceiver[redacted]";
    }
}
