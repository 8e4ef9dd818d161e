package io.sigil.crypto.dkls23.multiply;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.ScalarAccumulator;
import io.sigil.crypto.ec.ScalarWords;
import io.sigil.crypto.ot.ExtensionReceiverSeeds;
import io.sigil.crypto.ot.Gadget;
import io.sigil.crypto.ot.OtExtensionReceiver;
import io.sigil.crypto.ot.OtParameters;
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

    private static final int WORDS = ScalarWords.WORDS;

    private final byte[] sid;
    private final int[] gadget;
    private final Scalar chi;
    private final Mul1Message message;
    private final MultiplicationChallenges challenges;
    private OtExtensionReceiver extension;
    private byte[] choiceBits;

    private MultiplicationReceiver(byte[] sid, int[] gadget, Scalar chi, Mul1Message message,
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
        int[] gadget = Gadget.words(dirSid);
        int[] sum = new int[WORDS];
        int[] term = new int[WORDS];
        for (int j = 0; j < OtParameters.ELL; j++) {
            // Adds g_j or 0 by a mask rather than by a branch on the secret bit.
            ScalarWords.select((omega[j >>> 3] >>> (j & 7)) & 1, gadget, j * WORDS, term, 0);
            ScalarWords.add(sum, 0, term, 0, sum, 0);
        }
        Scalar chi = ScalarWords.toScalar(sum, 0);
        Arrays.fill(sum, 0);
        Arrays.fill(term, 0);
        OtExtensionReceiver extension = OtExtensionReceiver.extend(mulSid, seeds, omega, rng);
        Mul1Message message = Mul1Message.owning(extension.nu(), extension.u(), extension.xTilde(), extension.tTilde());
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
        int ell = OtParameters.ELL;
        int[] zB = null;
        int[] rho = new int[2 * ell * WORDS];
        int[] masked = new int[WORDS];
        int[] selected = new int[WORDS];
        ScalarAccumulator sum = new ScalarAccumulator();
        try {
            zB = ext.receiveWords(mul2.tauWordsView());
            int[] mu = new int[2 * WORDS];
            ScalarWords.fromScalar(mul2.mu()[0], mu, 0);
            ScalarWords.fromScalar(mul2.mu()[1], mu, WORDS);
            for (int m = 0; m < 2; m++) {
                for (int j = 0; j < ell; j++) {
                    challenges.combine(sum, m, zB, (m * ell + j) * WORDS, ((2 + m) * ell + j) * WORDS, masked, 0);
                    int bit = (omega[j >>> 3] >>> (j & 7)) & 1;
                    ScalarWords.select(bit, mu, m * WORDS, selected, 0);
                    ScalarWords.subtract(selected, 0, masked, 0, rho, (m * ell + j) * WORDS);
                }
            }
            byte[] expected = MultiplicationChallenges.checkDigest(sid, rho);
            if (!org.bouncycastle.util.Arrays.constantTimeAreEqual(expected, mul2.checkDigestView())) {
                throw new MultiplicationCheckFailedException();
            }
            Scalar[] gamma = mul2.gamma();
            Scalar[] d = new Scalar[2];
            for (int m = 0; m < 2; m++) {
                MultiplicationChallenges.innerProduct(sum, gadget, zB, m * ell * WORDS, masked, 0);
                d[m] = chi.multiply(gamma[m]).add(ScalarWords.toScalar(masked, 0));
            }
            return d;
        } finally {
            ext.destroy();
            Arrays.fill(omega, (byte) 0);
            if (zB != null) {
                Arrays.fill(zB, 0);
            }
            Arrays.fill(rho, 0);
            Arrays.fill(masked, 0);
            Arrays.fill(selected, 0);
            sum.wipe();
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
