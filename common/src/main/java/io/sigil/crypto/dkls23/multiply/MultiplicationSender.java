package io.sigil.crypto.dkls23.multiply;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.ScalarAccumulator;
import io.sigil.crypto.ec.ScalarWords;
import io.sigil.crypto.ot.DirectionBannedException;
import io.sigil.crypto.ot.DirectionGuard;
import io.sigil.crypto.ot.ExtensionConsistencyException;
import io.sigil.crypto.ot.ExtensionSenderSeeds;
import io.sigil.crypto.ot.Gadget;
import io.sigil.crypto.ot.OtExtensionSender;
import io.sigil.crypto.ot.OtParameters;
import java.security.SecureRandom;

/**
 * Alice's side of {@code MUL(i←j)} (spec §5.3): inputs {@code a_0 = r_j}, {@code a_1 = sk_j};
 * outputs {@code c = (c_0, c_1)} and {@code MUL2}.
 *
 * <p><b>Serialisation (spec §4.6.3, MUST).</b> The KOS check inside {@code respond} depends on
 * the direction's Δ. Callers MUST, per direction, evaluate it under a lock, refuse to run once the
 * pair is banned, and persist the ban before the next check. Use
 * {@link #respond(byte[], byte[], ExtensionSenderSeeds, Mul1Message, Scalar, Scalar, SecureRandom, DirectionGuard)},
 * which does this with a {@link DirectionGuard} and holds the lock only for the check; the
 * overload without a guard leaves it to the caller.
 */
public final class MultiplicationSender {

    private static final int WORDS = ScalarWords.WORDS;

    private MultiplicationSender() {
    }

    /**
     * Round 2 without serialisation: the caller holds the direction's lock and has checked that
     * the pair is not banned (see the class comment).
     *
     * @param mulSid {@code mul_sid(i←j)}, 32 bytes
     * @param dirSid {@code dir_sid(N_i→N_j)}, 32 bytes (Bob's direction, selects the gadget)
     * @throws OtConsistencyCheckFailedException culprit Bob, BAN (abort row 5)
     */
    public static MultiplicationSenderResult respond(byte[] mulSid, byte[] dirSid, ExtensionSenderSeeds seeds,
            Mul1Message mul1, Scalar a0, Scalar a1, SecureRandom rng) throws OtConsistencyCheckFailedException {
        OtExtensionSender extension = checkExtension(mulSid, seeds, mul1);
        return transfer(mulSid, dirSid, extension, mul1, a0, a1, rng);
    }

    /**
     * Round 2 with the KOS check run under {@code guard} ({@link DirectionGuard#evaluate}): a
     * failure bans the direction before the lock is released.
     *
     * @throws OtConsistencyCheckFailedException culprit Bob, BAN (the ban is already recorded)
     * @throws DirectionBannedException the pair was banned; nothing was evaluated
     */
    public static MultiplicationSenderResult respond(byte[] mulSid, byte[] dirSid, ExtensionSenderSeeds seeds,
            Mul1Message mul1, Scalar a0, Scalar a1, SecureRandom rng, DirectionGuard guard)
            throws OtConsistencyCheckFailedException, DirectionBannedException {
        OtExtensionSender extension = guard.evaluate(OtConsistencyCheckFailedException.class,
                () -> checkExtension(mulSid, seeds, mul1));
        return transfer(mulSid, dirSid, extension, mul1, a0, a1, rng);
    }

    private static OtExtensionSender checkExtension(byte[] mulSid, ExtensionSenderSeeds seeds, Mul1Message mul1)
            throws OtConsistencyCheckFailedException {
        try {
            return OtExtensionSender.check(mulSid, seeds, mul1.nuView(), mul1.uView(), mul1.xTildeView(),
                    mul1.tTildeView());
        } catch (ExtensionConsistencyException failure) {
            throw new OtConsistencyCheckFailedException();
        }
    }

    private static MultiplicationSenderResult transfer(byte[] mulSid, byte[] dirSid, OtExtensionSender extension,
            Mul1Message mul1, Scalar a0, Scalar a1, SecureRandom rng) {
        int[] gadget = Gadget.words(dirSid);
        // Pads ã_0, ã_1 and check values â_0, â_1 (spec §5.3.1); α_{w,j} constant over j.
        Scalar[] pads = {Scalar.random(rng), Scalar.random(rng)};
        Scalar[] checks = {Scalar.random(rng), Scalar.random(rng)};
        int[] correlations = new int[OtParameters.CORRELATIONS * WORDS];
        Scalar[] alphas = {pads[0], pads[1], checks[0], checks[1]};
        for (int w = 0; w < alphas.length; w++) {
            ScalarWords.fromScalar(alphas[w], correlations, w * WORDS);
        }
        OtExtensionSender.WordTransfer transfer = extension.transferWords(correlations);
        int[] zA = transfer.senderOutput();

        MultiplicationChallenges challenges = MultiplicationChallenges.derive(mulSid, mul1);
        int ell = OtParameters.ELL;
        ScalarAccumulator sum = new ScalarAccumulator();
        int[] rho = new int[2 * ell * WORDS];
        int[] value = new int[WORDS];
        Scalar[] mu = new Scalar[2];
        Scalar[] gamma = new Scalar[2];
        Scalar[] c = new Scalar[2];
        Scalar[] inputs = {a0, a1};
        for (int m = 0; m < 2; m++) {
            for (int j = 0; j < ell; j++) {
                challenges.combine(sum, m, zA, (m * ell + j) * WORDS, ((2 + m) * ell + j) * WORDS,
                        rho, (m * ell + j) * WORDS);
            }
            challenges.combine(sum, m, correlations, m * WORDS, (2 + m) * WORDS, value, 0);
            mu[m] = ScalarWords.toScalar(value, 0);
            gamma[m] = inputs[m].subtract(pads[m]);
            MultiplicationChallenges.innerProduct(sum, gadget, zA, m * ell * WORDS, value, 0);
            c[m] = ScalarWords.toScalar(value, 0);
        }
        byte[] digest = MultiplicationChallenges.checkDigest(mulSid, rho);

        java.util.Arrays.fill(zA, 0);
        java.util.Arrays.fill(rho, 0);
        java.util.Arrays.fill(correlations, 0);
        java.util.Arrays.fill(value, 0);
        return new MultiplicationSenderResult(c, new Mul2Message(transfer.tau(), digest, mu, gamma));
    }
}
