package io.sigil.crypto.ot;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.security.SecureRandom;

/**
 * One honest base OT of one direction, shared by the tests of this package and of
 * {@code io.sigil.crypto.dkls23.multiply} (256 instances cost a noticeable fraction of a second,
 * so it runs once per JVM).
 */
public final class OtTestFixture {

    public static final SecureRandom RANDOM = new SecureRandom();

    private static OtTestFixture instance;

    public final byte[] dirSid;
    public final BaseOtSenderMessage bobMessage;
    public final BaseOtReceiverMessage aliceMessage;
    public final ExtensionReceiverSeeds bobSeeds;
    public final ExtensionSenderSeeds aliceSeeds;
    /** {@code H("bot/out"; sid, u32(k), u8(1−Δ_k), y_k·Z)}: what Alice can form for the other bit. */
    final byte[][] aliceOtherBitCandidates;

    private OtTestFixture() throws BaseOtException {
        dirSid = new byte[32];
        RANDOM.nextBytes(dirSid);
        BaseOtSender bob = BaseOtSender.start(dirSid, RANDOM);
        BaseOtReceiver alice = BaseOtReceiver.start(dirSid, RANDOM);
        bobMessage = bob.message();
        aliceMessage = alice.message();
        aliceOtherBitCandidates = new byte[OtParameters.KAPPA][];
        Scalar[] exponents = new Scalar[OtParameters.KAPPA];
        for (int k = 0; k < OtParameters.KAPPA; k++) {
            exponents[k] = alice.exponentForTest(k);
        }
        bobSeeds = bob.finish(aliceMessage);
        aliceSeeds = alice.finish(bobMessage);
        for (int k = 0; k < OtParameters.KAPPA; k++) {
            Point shared = bobMessage.z().multiply(exponents[k]);
            aliceOtherBitCandidates[k] = BaseOtHashes.output(dirSid, k, 1 - aliceSeeds.deltaBit(k), shared);
        }
    }

    public static synchronized OtTestFixture get() {
        if (instance == null) {
            try {
                instance = new OtTestFixture();
            } catch (BaseOtException e) {
                throw new AssertionError("honest base OT failed", e);
            }
        }
        return instance;
    }

    /** Δ_k of the fixture's Alice. */
    public int deltaBit(int k) {
        return aliceSeeds.deltaBit(k);
    }

    public static byte[] randomBytes(int length) {
        byte[] out = new byte[length];
        RANDOM.nextBytes(out);
        return out;
    }
}
