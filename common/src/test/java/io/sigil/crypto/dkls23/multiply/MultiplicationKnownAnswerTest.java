package io.sigil.crypto.dkls23.multiply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ot.BaseOtReceiver;
import io.sigil.crypto.ot.BaseOtSender;
import io.sigil.crypto.ot.ExtensionReceiverSeeds;
import io.sigil.crypto.ot.ExtensionSenderSeeds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of one whole multiplication (base OT, {@code MUL1}, {@code MUL2}, {@code c},
 * {@code d}) under a seeded random source, so that a faster implementation cannot change what
 * goes on the wire or what the parties hold: the digest below was produced by the
 * {@code BigInteger} implementation that preceded {@code ec.ScalarWords}, and the current one must
 * reproduce it bit for bit (docs/security.md §8).
 */
class MultiplicationKnownAnswerTest {

    private static final String EXPECTED = "67c580e5b3ab39aadf282b1d1e78fe98893aa91d10fae423f2b7651a2ae4feae";

    @Test
    void aSeededMultiplicationGivesThePinnedBytes() throws Exception {
        assertEquals(EXPECTED, transcriptOf("sigil multiplication known answer"));
    }

    @Test
    void anotherSeedGivesOtherBytes() throws Exception {
        assertNotEquals(EXPECTED, transcriptOf("another seed"));
    }

    /** SHA-256 over every message and output of one seeded multiplication, in hex. */
    static String transcriptOf(String seed) throws Exception {
        SecureRandom rng = new CounterRandom(seed);
        byte[] dirSid = new byte[32];
        rng.nextBytes(dirSid);
        byte[] mulSid = new byte[32];
        rng.nextBytes(mulSid);
        BaseOtSender bob = BaseOtSender.start(dirSid, rng);
        BaseOtReceiver alice = BaseOtReceiver.start(dirSid, rng);
        ExtensionReceiverSeeds bobSeeds = bob.finish(alice.message());
        ExtensionSenderSeeds aliceSeeds = alice.finish(bob.message());
        Scalar a0 = Scalar.random(rng);
        Scalar a1 = Scalar.random(rng);
        MultiplicationReceiver receiver = MultiplicationReceiver.start(mulSid, dirSid, bobSeeds, rng);
        byte[] mul1 = receiver.message().encode();
        MultiplicationSenderResult sender = MultiplicationSender.respond(mulSid, dirSid, aliceSeeds,
                Mul1Message.decode(mul1), a0, a1, rng);
        byte[] mul2 = sender.message().encode();
        Scalar[] d = receiver.finish(Mul2Message.decode(mul2));
        MessageDigest transcript = MessageDigest.getInstance("SHA-256");
        transcript.update(mul1);
        transcript.update(mul2);
        for (Scalar value : new Scalar[] {receiver.chi(), sender.c()[0], sender.c()[1], d[0], d[1]}) {
            transcript.update(value.toBytes());
        }
        return HexFormat.of().formatHex(transcript.digest());
    }

    /** A deterministic stream: SHA-256(seed ‖ counter) blocks; for tests only. */
    private static final class CounterRandom extends SecureRandom {
        private final byte[] seed;
        private long counter;

        CounterRandom(String seed) {
            this.seed = seed.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void nextBytes(byte[] out) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                for (int offset = 0; offset < out.length; offset += 32) {
                    digest.update(seed);
                    digest.update(java.nio.ByteBuffer.allocate(8).putLong(counter++).array());
                    byte[] block = digest.digest();
                    System.arraycopy(block, 0, out, offset, Math.min(32, out.length - offset));
                }
            } catch (java.security.NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }

        @Override
        public void setSeed(long ignored) {
            // SecureRandom's constructor seeds itself; this stream depends on its seed string only.
        }
    }
}
