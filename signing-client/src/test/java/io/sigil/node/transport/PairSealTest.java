package io.sigil.node.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

import io.sigil.node.transport.EnvelopeRejectedException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pairwise keys of direct messages: who can open what, and in which order (security §8). */
class PairSealTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    @TempDir
    static Path directory;
    static TestNodes nodes;

    @BeforeAll
    static void network() throws IOException {
        nodes = TestNodes.create(directory, 3);
    }

    private static PairSeal at(String id) {
        return new PairSeal(nodes.registry(), id, nodes.identity(id));
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static EnvelopeRejectedException refused(PairSeal.Direction direction, PairedEnvelope sealed) {
        return assertThrows(EnvelopeRejectedException.class, () -> direction.open(sealed, "node-1"));
    }

    @Test
    void theRecipientOpensEachMessageOnceInOrder() throws Exception {
        byte[] session = random(32);
        PairSeal.Direction sending = at("node-1").direction(session, "node-1", "node-2");
        PairSeal.Direction receiving = at("node-2").direction(session, "node-1", "node-2");
        for (int i = 0; i < 3; i++) {
            byte[] message = random(100 + i);
            PairedEnvelope sealed = sending.seal(2, message);
            assertEquals(i, sealed.counter());
            assertFalse(Arrays.equals(message, Arrays.copyOf(sealed.ciphertext(), message.length)), "encrypted");
            assertArrayEquals(message, receiving.open(PairedEnvelope.decode(sealed.encode()), "node-1"));
        }
    }

    @Test
    void aReplayedOrReorderedMessageIsRefusedNamingThePeer() throws Exception {
        byte[] session = random(32);
        PairSeal.Direction sending = at("node-1").direction(session, "node-1", "node-2");
        PairSeal.Direction receiving = at("node-2").direction(session, "node-1", "node-2");
        PairedEnvelope first = sending.seal(1, random(16));
        PairedEnvelope second = sending.seal(1, random(16));
        EnvelopeRejectedException early = refused(receiving, second);
        assertEquals(Reason.REPLAYED, early.reason());
        assertEquals("node-1", early.culprit());
        receiving.open(first, "node-1");
        assertEquals(Reason.REPLAYED, refused(receiving, first).reason(), "the same message again");
        receiving.open(second, "node-1");
    }

    @Test
    void everyBoundFieldAndTheCiphertextAreAuthenticated() throws Exception {
        byte[] session = random(32);
        PairSeal.Direction sending = at("node-1").direction(session, "node-1", "node-2");
        PairedEnvelope sealed = sending.seal(2, random(48));
        byte[] flipped = sealed.ciphertext().clone();
        flipped[3] ^= 1;
        PairedEnvelope[] tampered = {
            new PairedEnvelope(session, "node-1", "node-2", 3, 0, sealed.ciphertext()),
            new PairedEnvelope(session, "node-1", "node-2", 2, 0, flipped),
        };
        for (PairedEnvelope changed : tampered) {
            PairSeal.Direction receiving = at("node-2").direction(session, "node-1", "node-2");
            assertEquals(Reason.UNDECRYPTABLE, refused(receiving, changed).reason());
        }
        // another session's key, the reverse direction's key, and a third node's key do not open it
        PairSeal.Direction otherSession = at("node-2").direction(random(32), "node-1", "node-2");
        assertEquals(Reason.UNDECRYPTABLE, refused(otherSession, sealed).reason());
        PairSeal.Direction reflected = at("node-1").direction(session, "node-2", "node-1");
        assertEquals(Reason.UNDECRYPTABLE, refused(reflected, sealed).reason());
        PairSeal.Direction outsider = at("node-3").direction(session, "node-1", "node-3");
        assertEquals(Reason.UNDECRYPTABLE, refused(outsider, sealed).reason());
    }

    /**
     * The counter is the nonce and starts at 0 in every session and direction, so only the key
     * derived per session and direction keeps a (key, nonce) pair from recurring. The refusals above
     * cannot show that binding (the associated data names session, sender and recipient too and
     * refuses on its own); AES-GCM's ciphertext does not depend on the associated data, so the same
     * message at counter 0 encrypting differently is what shows each has its own key.
     */
    @Test
    void eachSessionDirectionAndPairHasItsOwnKeySoNoNonceRecursUnderOneKey() {
        byte[] session = random(32);
        byte[] message = random(64);
        byte[] sealed = at("node-1").direction(session, "node-1", "node-2").seal(1, message).ciphertext();
        byte[][] others = {
            at("node-1").direction(random(32), "node-1", "node-2").seal(1, message).ciphertext(),
            at("node-2").direction(session, "node-2", "node-1").seal(1, message).ciphertext(),
            at("node-1").direction(session, "node-1", "node-3").seal(1, message).ciphertext(),
        };
        for (byte[] other : others) {
            assertFalse(Arrays.equals(Arrays.copyOf(sealed, message.length), Arrays.copyOf(other, message.length)),
                    "the same keystream under counter 0");
        }
    }

    @Test
    void aNodeOutsideThePairCannotSealForIt() throws Exception {
        byte[] session = random(32);
        // node-3 seals "as node-1" to node-2 with the only keys it can derive: its own pair's
        PairedEnvelope forged = at("node-3").direction(session, "node-3", "node-2").seal(1, random(16));
        PairedEnvelope claimed = new PairedEnvelope(session, "node-1", "node-2", 1, forged.counter(), forged.ciphertext());
        PairSeal.Direction receiving = at("node-2").direction(session, "node-1", "node-2");
        assertEquals(Reason.UNDECRYPTABLE, refused(receiving, claimed).reason());
    }

    @Test
    void theSessionKeyIsHkdfSha256WithAnEmptySaltAsBefore() throws Exception {
        // RFC 5869 test case 3 (SHA-256, empty salt and info): the first 32 bytes of its OKM
        assertArrayEquals(java.util.HexFormat.of().parseHex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"),
                PairSeal.PairKey.of(java.util.HexFormat.of().parseHex("0b".repeat(22))).sessionKey(new byte[0]));
        // and the same bytes as Tink's HKDF, which derived the session keys until 2026-12-03: nodes
        // on either side of an upgrade still agree
        for (int i = 0; i < 20; i++) {
            byte[] pairKey = random(32);
            byte[] info = random(32);
            PairSeal.PairKey derived = PairSeal.PairKey.of(pairKey);
            byte[] expected = com.google.crypto.tink.subtle.Hkdf.computeHkdf("HMACSHA256", pairKey, new byte[0], info, 32);
            assertArrayEquals(expected, derived.sessionKey(info));
            assertArrayEquals(expected, derived.sessionKey(info), "the keyed HMAC is copied, never consumed");
        }
    }
}
