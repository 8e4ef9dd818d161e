package io.sigil.crypto.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ot.BaseOtException.Reason;
import io.sigil.crypto.ot.BaseOtReceiverMessage.Instance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Spec §10 item 5: base OT correctness, every tamper rejected, the negative test, encodings. */
class BaseOtTest {

    private static final int TAMPERED = 3;

    private final OtTestFixture fixture = OtTestFixture.get();

    @Test
    void aliceSeedEqualsBobSeedOfHerBitForEveryInstance() {
        byte[] bob = fixture.bobSeeds.encode();
        byte[] alice = fixture.aliceSeeds.encode();
        int ones = 0;
        for (int k = 0; k < OtParameters.KAPPA; k++) {
            int bit = fixture.deltaBit(k);
            ones += bit;
            byte[] chosen = Arrays.copyOfRange(bob, ExtensionReceiverSeeds.offset(k, bit),
                    ExtensionReceiverSeeds.offset(k, bit) + 32);
            byte[] other = Arrays.copyOfRange(bob, ExtensionReceiverSeeds.offset(k, 1 - bit),
                    ExtensionReceiverSeeds.offset(k, 1 - bit) + 32);
            byte[] aliceSeed = Arrays.copyOfRange(alice, ExtensionSenderSeeds.seedOffset(k),
                    ExtensionSenderSeeds.seedOffset(k) + 32);
            assertArrayEquals(chosen, aliceSeed, "instance " + k);
            assertFalse(Arrays.equals(other, aliceSeed), "instance " + k);
        }
        // Δ has 256 random bits; all-equal bits would mean Δ is not used (probability 2^-255).
        assertTrue(ones > 0 && ones < OtParameters.KAPPA);
    }

    @Test
    void aliceCannotFormTheSeedOfTheOtherBit() {
        byte[] bob = fixture.bobSeeds.encode();
        for (int k = 0; k < OtParameters.KAPPA; k++) {
            int other = 1 - fixture.deltaBit(k);
            byte[] bobOther = Arrays.copyOfRange(bob, ExtensionReceiverSeeds.offset(k, other),
                    ExtensionReceiverSeeds.offset(k, other) + 32);
            assertFalse(Arrays.equals(bobOther, fixture.aliceOtherBitCandidates[k]), "instance " + k);
        }
    }

    @Test
    void messagesRoundTripWithExactSizes() {
        byte[] bobEncoded = fixture.bobMessage.encode();
        assertEquals(98, bobEncoded.length);
        assertEquals(fixture.bobMessage, BaseOtSenderMessage.decode(bobEncoded));
        byte[] aliceEncoded = fixture.aliceMessage.encode();
        assertEquals(32 + 256 * 194, aliceEncoded.length);
        assertEquals(fixture.aliceMessage, BaseOtReceiverMessage.decode(aliceEncoded));
        assertThrows(InvalidEncodingException.class, () -> BaseOtSenderMessage.decode(Arrays.copyOf(bobEncoded, 97)));
        assertThrows(InvalidEncodingException.class,
                () -> BaseOtReceiverMessage.decode(Arrays.copyOf(aliceEncoded, aliceEncoded.length + 1)));
    }

    @Test
    void decodingRejectsBadPointsAndUnreducedScalars() {
        byte[] bobEncoded = fixture.bobMessage.encode();
        byte[] infinityZ = bobEncoded.clone();
        Arrays.fill(infinityZ, 0, 33, (byte) 0);
        assertThrows(InvalidEncodingException.class, () -> BaseOtSenderMessage.decode(infinityZ));
        byte[] sigmaOverflow = bobEncoded.clone();
        Arrays.fill(sigmaOverflow, 66, 98, (byte) 0xFF);
        assertThrows(InvalidEncodingException.class, () -> BaseOtSenderMessage.decode(sigmaOverflow));

        byte[] aliceEncoded = fixture.aliceMessage.encode();
        byte[] badPrefix = aliceEncoded.clone();
        badPrefix[32] = 0x04;
        assertThrows(InvalidEncodingException.class, () -> BaseOtReceiverMessage.decode(badPrefix));
        byte[] badScalar = aliceEncoded.clone();
        Arrays.fill(badScalar, 32 + 66, 32 + 98, (byte) 0xFF);
        assertThrows(InvalidEncodingException.class, () -> BaseOtReceiverMessage.decode(badScalar));
    }

    @Test
    void tamperedSchnorrProofIsRejectedByAlice() {
        BaseOtReceiver alice = BaseOtReceiver.start(fixture.dirSid, OtTestFixture.RANDOM);
        BaseOtSenderMessage honest = BaseOtSender.start(fixture.dirSid, OtTestFixture.RANDOM).message();
        BaseOtSenderMessage tampered = new BaseOtSenderMessage(honest.z(), honest.k(), honest.sigma().add(Scalar.ONE));
        BaseOtException failure = assertThrows(BaseOtException.class, () -> alice.finish(tampered));
        assertEquals(Reason.SCHNORR_PROOF_INVALID, failure.reason());
    }

    @Test
    void schnorrProofForAnotherZIsRejectedByAlice() {
        BaseOtReceiver alice = BaseOtReceiver.start(fixture.dirSid, OtTestFixture.RANDOM);
        BaseOtSenderMessage honest = BaseOtSender.start(fixture.dirSid, OtTestFixture.RANDOM).message();
        BaseOtSenderMessage swapped = new BaseOtSenderMessage(honest.z().add(Point.generator()), honest.k(),
                honest.sigma());
        assertEquals(Reason.SCHNORR_PROOF_INVALID,
                assertThrows(BaseOtException.class, () -> alice.finish(swapped)).reason());
        BaseOtReceiver another = BaseOtReceiver.start(fixture.dirSid, OtTestFixture.RANDOM);
        BaseOtSenderMessage infinity = new BaseOtSenderMessage(Point.infinity(), honest.k(), honest.sigma());
        assertEquals(Reason.INVALID_POINT,
                assertThrows(BaseOtException.class, () -> another.finish(infinity)).reason());
    }

    @Test
    void everyTamperedProofScalarIsRejectedByBob() {
        Scalar one = Scalar.ONE;
        assertOrProofRejected(i -> new Instance(i.u(), i.v(), i.e0().add(one), i.e1(), i.z0(), i.z1()));
        assertOrProofRejected(i -> new Instance(i.u(), i.v(), i.e0(), i.e1().add(one), i.z0(), i.z1()));
        assertOrProofRejected(i -> new Instance(i.u(), i.v(), i.e0(), i.e1(), i.z0().add(one), i.z1()));
        assertOrProofRejected(i -> new Instance(i.u(), i.v(), i.e0(), i.e1(), i.z0(), i.z1().add(one)));
        // Shifting weight between the two challenges keeps e0 + e1 but breaks both branches.
        assertOrProofRejected(i -> new Instance(i.u(), i.v(), i.e0().add(one), i.e1().subtract(one), i.z0(), i.z1()));
    }

    @Test
    void tamperedPointsAreRejectedByBob() {
        Point g = Point.generator();
        assertOrProofRejected(i -> new Instance(i.u().add(g), i.v(), i.e0(), i.e1(), i.z0(), i.z1()));
        assertOrProofRejected(i -> new Instance(i.u(), i.v().add(g), i.e0(), i.e1(), i.z0(), i.z1()));
        // Swapping U and V of an honest instance.
        assertOrProofRejected(i -> new Instance(i.v(), i.u(), i.e0(), i.e1(), i.z0(), i.z1()));
    }

    @Test
    void degeneratePointsAreRejectedByBob() {
        Point h = BaseOtHashes.instancePoint(fixture.dirSid, TAMPERED, fixture.aliceMessage.seedH());
        assertEquals(Reason.INVALID_POINT, rejectionOf(
                i -> new Instance(i.u(), h, i.e0(), i.e1(), i.z0(), i.z1())).reason());
        assertEquals(Reason.INVALID_POINT, rejectionOf(
                i -> new Instance(Point.infinity(), i.v(), i.e0(), i.e1(), i.z0(), i.z1())).reason());
        assertEquals(Reason.INVALID_POINT, rejectionOf(
                i -> new Instance(i.u(), Point.infinity(), i.e0(), i.e1(), i.z0(), i.z1())).reason());
    }

    @Test
    void tamperedSeedHIsRejectedByBob() {
        byte[] seedH = fixture.aliceMessage.seedH();
        seedH[0] ^= 1;
        BaseOtReceiverMessage tampered = new BaseOtReceiverMessage(seedH, fixture.aliceMessage.instances());
        BaseOtSender bob = BaseOtSender.start(fixture.dirSid, OtTestFixture.RANDOM);
        BaseOtException failure = assertThrows(BaseOtException.class, () -> bob.finish(tampered));
        assertEquals(Reason.OR_PROOF_INVALID, failure.reason());
        assertEquals(0, failure.instance());
    }

    @Test
    void wrongInstanceCountIsRejectedByBob() {
        List<Instance> shorter = fixture.aliceMessage.instances().subList(0, OtParameters.KAPPA - 1);
        BaseOtReceiverMessage tampered = new BaseOtReceiverMessage(fixture.aliceMessage.seedH(), shorter);
        BaseOtSender bob = BaseOtSender.start(fixture.dirSid, OtTestFixture.RANDOM);
        assertEquals(Reason.WRONG_SIZE, assertThrows(BaseOtException.class, () -> bob.finish(tampered)).reason());
    }

    @Test
    void messageForAnotherSidIsRejectedByBob() {
        byte[] otherSid = fixture.dirSid.clone();
        otherSid[31] ^= 1;
        BaseOtSender bob = BaseOtSender.start(otherSid, OtTestFixture.RANDOM);
        assertThrows(BaseOtException.class, () -> bob.finish(fixture.aliceMessage));
    }

    @Test
    void finishIsSingleUse() {
        BaseOtSender bob = BaseOtSender.start(fixture.dirSid, OtTestFixture.RANDOM);
        BaseOtReceiverMessage tampered = withTamperedInstance(
                i -> new Instance(i.u(), i.v(), i.e0().add(Scalar.ONE), i.e1(), i.z0(), i.z1()));
        assertThrows(BaseOtException.class, () -> bob.finish(tampered));
        assertThrows(IllegalStateException.class, () -> bob.finish(fixture.aliceMessage));
    }

    private void assertOrProofRejected(UnaryOperator<Instance> tamper) {
        BaseOtException failure = rejectionOf(tamper);
        assertEquals(Reason.OR_PROOF_INVALID, failure.reason());
        assertEquals(TAMPERED, failure.instance());
    }

    private BaseOtException rejectionOf(UnaryOperator<Instance> tamper) {
        BaseOtSender bob = BaseOtSender.start(fixture.dirSid, OtTestFixture.RANDOM);
        BaseOtReceiverMessage tampered = withTamperedInstance(tamper);
        return assertThrows(BaseOtException.class, () -> bob.finish(tampered));
    }

    private BaseOtReceiverMessage withTamperedInstance(UnaryOperator<Instance> tamper) {
        List<Instance> instances = new ArrayList<>(fixture.aliceMessage.instances());
        instances.set(TAMPERED, tamper.apply(instances.get(TAMPERED)));
        return new BaseOtReceiverMessage(fixture.aliceMessage.seedH(), instances);
    }
}
