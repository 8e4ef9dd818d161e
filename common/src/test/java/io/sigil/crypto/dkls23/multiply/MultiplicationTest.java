package io.sigil.crypto.dkls23.multiply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ot.OtParameters;
import io.sigil.crypto.ot.OtTestFixture;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Spec §10 item 7: the random vector OLE of §5 and its checks. */
class MultiplicationTest {

    private final OtTestFixture fixture = OtTestFixture.get();

    /** One run up to MUL2, with everything a test needs to finish it (possibly tampered). */
    private final class Run {
        final byte[] mulSid = OtTestFixture.randomBytes(32);
        final byte[] omega;
        final MultiplicationReceiver bob;
        final Scalar[] inputs = {Scalar.random(OtTestFixture.RANDOM), Scalar.random(OtTestFixture.RANDOM)};
        final MultiplicationSenderResult alice;

        Run() throws OtConsistencyCheckFailedException {
            omega = OtTestFixture.randomBytes(OtParameters.ELL_BYTES);
            bob = MultiplicationReceiver.startWithChoice(mulSid, fixture.dirSid, fixture.bobSeeds, omega,
                    OtTestFixture.RANDOM);
            // Through the wire encoding, as the signing layer will use it.
            Mul1Message received = Mul1Message.decode(bob.message().encode());
            alice = MultiplicationSender.respond(mulSid, fixture.dirSid, fixture.aliceSeeds, received, inputs[0],
                    inputs[1], OtTestFixture.RANDOM);
        }

        int bit(int j) {
            return (omega[j >>> 3] >>> (j & 7)) & 1;
        }

        int firstIndexWithBit(int wanted) {
            for (int j = 0; j < OtParameters.ELL; j++) {
                if (bit(j) == wanted) {
                    return j;
                }
            }
            throw new AssertionError("ω is constant");
        }

        Scalar[] finish(UnaryOperator<Mul2Message> tamper) throws MultiplicationCheckFailedException {
            Mul2Message received = Mul2Message.decode(alice.message().encode());
            return bob.finish(tamper.apply(received));
        }

        boolean productHolds(Scalar[] d, int m) {
            return alice.c()[m].add(d[m]).equals(bob.chi().multiply(inputs[m]));
        }
    }

    @Test
    void sharesAddUpToChiTimesInput() throws Exception {
        Run run = new Run();
        Scalar[] d = run.finish(UnaryOperator.identity());
        assertEquals(2, d.length);
        assertTrue(run.productHolds(d, 0));
        assertTrue(run.productHolds(d, 1));
        assertNotEquals(Scalar.ZERO, run.bob.chi());
        assertThrows(IllegalStateException.class, () -> run.finish(UnaryOperator.identity()));
    }

    @Test
    void messagesHaveExactSizesAndRoundTrip() throws Exception {
        Run run = new Run();
        byte[] mul1 = run.bob.message().encode();
        assertEquals(26682, mul1.length);
        assertEquals(run.bob.message(), Mul1Message.decode(mul1));
        byte[] mul2 = run.alice.message().encode();
        assertEquals(53408, mul2.length);
        assertEquals(run.alice.message(), Mul2Message.decode(mul2));
        assertArrayEquals(mul2, Mul2Message.decode(mul2).encode());
    }

    @Test
    void messagesDecodeInPlaceAndEncodeIntoAnEnclosingArray() throws Exception {
        Run run = new Run();
        byte[] mul1 = run.bob.message().encode();
        byte[] enclosing1 = new byte[7 + mul1.length + 5];
        run.bob.message().encodeInto(enclosing1, 7);
        assertArrayEquals(mul1, Arrays.copyOfRange(enclosing1, 7, 7 + mul1.length));
        Mul1Message decoded1 = Mul1Message.decode(enclosing1, 7, mul1.length);
        assertEquals(run.bob.message(), decoded1);
        byte[] mul2 = run.alice.message().encode();
        byte[] enclosing2 = new byte[3 + mul2.length + 9];
        run.alice.message().encodeInto(enclosing2, 3);
        assertArrayEquals(mul2, Arrays.copyOfRange(enclosing2, 3, 3 + mul2.length));
        Mul2Message decoded2 = Mul2Message.decode(enclosing2, 3, mul2.length);
        assertEquals(run.alice.message(), decoded2);
        // Decoded messages keep nothing of the array they were read from.
        Arrays.fill(enclosing1, (byte) 0x55);
        Arrays.fill(enclosing2, (byte) 0x55);
        assertArrayEquals(mul1, decoded1.encode());
        assertArrayEquals(mul2, decoded2.encode());
        assertThrows(InvalidEncodingException.class, () -> Mul1Message.decode(enclosing1, 7, mul1.length - 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Mul2Message.decode(enclosing2, 13, mul2.length));
    }

    @Test
    void ownedFieldsAreTakenWhileTheConstructorCopies() throws Exception {
        Run run = new Run();
        Mul1Message honest = run.bob.message();
        byte[] u = honest.u();
        Mul1Message copied = new Mul1Message(honest.nu(), u, honest.xTilde(), honest.tTilde());
        u[0] ^= 1;
        assertEquals(honest, copied);
        byte[] owned = honest.u();
        Mul1Message taking = Mul1Message.owning(honest.nu(), owned, honest.xTilde(), honest.tTilde());
        assertEquals(honest, taking);
        assertThrows(InvalidEncodingException.class,
                () -> Mul1Message.owning(honest.nu(), Arrays.copyOf(owned, 10), honest.xTilde(), honest.tTilde()));
    }

    @Test
    void decodingRejectsWrongSizesAndUnreducedScalars() throws Exception {
        Run run = new Run();
        byte[] mul1 = run.bob.message().encode();
        assertThrows(InvalidEncodingException.class, () -> Mul1Message.decode(Arrays.copyOf(mul1, mul1.length - 1)));
        assertThrows(InvalidEncodingException.class, () -> Mul1Message.decode(Arrays.copyOf(mul1, mul1.length + 1)));
        byte[] mul2 = run.alice.message().encode();
        assertThrows(InvalidEncodingException.class, () -> Mul2Message.decode(Arrays.copyOf(mul2, mul2.length - 32)));
        for (int offset : new int[] {0, 32 * 1663, 53248 + 32, 53408 - 32}) {
            byte[] overflow = mul2.clone();
            Arrays.fill(overflow, offset, offset + 32, (byte) 0xFF);
            assertThrows(InvalidEncodingException.class, () -> Mul2Message.decode(overflow), "offset " + offset);
        }
    }

    @Test
    void tamperedMuFails() throws Exception {
        for (int m = 0; m < 2; m++) {
            int index = m;
            Run run = new Run();
            assertThrows(MultiplicationCheckFailedException.class, () -> run.finish(message -> {
                Scalar[] mu = message.mu();
                mu[index] = mu[index].add(Scalar.ONE);
                return new Mul2Message(message.tau(), message.checkDigest(), mu, message.gamma());
            }));
        }
    }

    @Test
    void tamperedCheckDigestFails() throws Exception {
        Run run = new Run();
        assertThrows(MultiplicationCheckFailedException.class, () -> run.finish(message -> {
            byte[] digest = message.checkDigest();
            digest[31] ^= 1;
            return new Mul2Message(message.tau(), digest, message.mu(), message.gamma());
        }));
    }

    @Test
    void tamperedTauFailsExactlyWhenTheChoiceBitIsOne() throws Exception {
        for (int correlation = 0; correlation < OtParameters.CORRELATIONS; correlation++) {
            int w = correlation;
            Run selected = new Run();
            int j = selected.firstIndexWithBit(1);
            assertThrows(MultiplicationCheckFailedException.class, () -> selected.finish(tamperTau(w, j)),
                    "w=" + w);

            Run unselected = new Run();
            Scalar[] d = unselected.finish(tamperTau(w, unselected.firstIndexWithBit(0)));
            assertTrue(unselected.productHolds(d, 0) && unselected.productHolds(d, 1), "w=" + w);
        }
    }

    private static UnaryOperator<Mul2Message> tamperTau(int w, int j) {
        return message -> {
            Scalar[] tau = message.tau();
            tau[w * OtParameters.ELL + j] = tau[w * OtParameters.ELL + j].add(Scalar.ONE);
            return new Mul2Message(tau, message.checkDigest(), message.mu(), message.gamma());
        };
    }

    @Test
    void tamperedGammaPassesButGivesAWrongProduct() throws Exception {
        Run run = new Run();
        Scalar[] d = run.finish(message -> {
            Scalar[] gamma = message.gamma();
            gamma[1] = gamma[1].add(Scalar.ONE);
            return new Mul2Message(message.tau(), message.checkDigest(), message.mu(), gamma);
        });
        assertTrue(run.productHolds(d, 0));
        assertTrue(!run.productHolds(d, 1), "caught later by the Γ checks of §6.4");
    }

    @Test
    void destroyedReceiverCannotFinish() throws Exception {
        Run run = new Run();
        run.bob.destroy();
        assertThrows(IllegalStateException.class, () -> run.finish(UnaryOperator.identity()));
    }

    @Test
    void aliceWithAnotherSessionIdRejectsMul1() {
        byte[] mulSid = OtTestFixture.randomBytes(32);
        MultiplicationReceiver bob = MultiplicationReceiver.start(mulSid, fixture.dirSid, fixture.bobSeeds,
                OtTestFixture.RANDOM);
        byte[] otherSid = mulSid.clone();
        otherSid[5] ^= 1;
        assertThrows(OtConsistencyCheckFailedException.class, () -> MultiplicationSender.respond(otherSid,
                fixture.dirSid, fixture.aliceSeeds, bob.message(), Scalar.ONE, Scalar.ONE, OtTestFixture.RANDOM));
    }

    /**
     * χ must be spread over Z_q. Over 200 independent χ, the count of set top bits (and of set
     * low bits) is Binomial(200, 1/2 − 2^-129). The test fails if either count leaves [50, 150]:
     * for an honest implementation that happens with probability
     * 4·P(Bin(200, 1/2) ≤ 49) ≈ 5.5·10^-13. A χ that ignores ω, or a broken gadget, gives a constant
     * or repeated χ and fails.
     */
    @Test
    void chiIsSpreadOverTheField() {
        int samples = 200;
        int topBits = 0;
        int lowBits = 0;
        Set<Scalar> distinct = new HashSet<>();
        for (int i = 0; i < samples; i++) {
            MultiplicationReceiver bob = MultiplicationReceiver.start(OtTestFixture.randomBytes(32), fixture.dirSid,
                    fixture.bobSeeds, OtTestFixture.RANDOM);
            Scalar chi = bob.chi();
            bob.destroy();
            distinct.add(chi);
            topBits += chi.toBigInteger().testBit(255) ? 1 : 0;
            lowBits += chi.toBigInteger().testBit(0) ? 1 : 0;
        }
        assertEquals(samples, distinct.size());
        assertTrue(topBits >= 50 && topBits <= 150, "top bit set " + topBits + " times");
        assertTrue(lowBits >= 50 && lowBits <= 150, "low bit set " + lowBits + " times");
    }
}
