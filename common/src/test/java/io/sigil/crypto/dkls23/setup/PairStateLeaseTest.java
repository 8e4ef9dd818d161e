package io.sigil.crypto.dkls23.setup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.ot.ExtensionReceiverSeeds;
import io.sigil.crypto.ot.ExtensionSenderSeeds;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A retire, replace or ban that comes while a session computes with a pair's seeds (its round 1
 * as Bob, a KOS check as Alice) takes the pair out of use at once but wipes the seeds only when
 * the session lets go: a check run on seeds wiped under it fails and would ban an honest peer
 * (docs/security.md, "Pairwise setup never heals").
 */
class PairStateLeaseTest {

    private static final String ME = "node-01";
    private static final String PEER = "node-02";

    @Test
    void aRetireDuringALeaseWipesTheSeedsWhenItCloses() {
        InMemoryPairStateStore store = new InMemoryPairStateStore(ME);
        byte[] bob = filled(ExtensionReceiverSeeds.ENCODED_LENGTH, 7);
        byte[] alice = filled(ExtensionSenderSeeds.ENCODED_LENGTH, 9);
        store.save(state(1, bob, alice));
        PairState pair = store.find(PEER).orElseThrow();

        PairState.Lease check = pair.lease().orElseThrow();
        store.retire(PEER, "the peer asked for a new setup");

        assertEquals(PairStatus.RETIRED, pair.status());
        assertTrue(pair.lease().isEmpty(), "no session starts on a retired pair");
        assertFalse(pair.wiped(), "a check under way keeps its seeds");
        ExtensionSenderSeeds aliceSeeds = check.aliceSeeds();
        assertArrayEquals(alice, aliceSeeds.encode(), "the check reads the seeds it began with, not zeros");
        assertArrayEquals(bob, check.bobSeeds().encode());
        check.close();
        assertTrue(pair.wiped());
        assertTrue(aliceSeeds.isDestroyed());
        assertThrows(IllegalStateException.class, check::aliceSeeds, "a closed lease gives nothing");
    }

    @Test
    void aBanAndANewGenerationWaitForTheLastOpenLease() {
        InMemoryPairStateStore store = new InMemoryPairStateStore(ME);
        store.save(state(1, filled(ExtensionReceiverSeeds.ENCODED_LENGTH, 1), filled(ExtensionSenderSeeds.ENCODED_LENGTH, 2)));
        PairState first = store.find(PEER).orElseThrow();
        PairState.Lease one = first.lease().orElseThrow();
        PairState.Lease two = first.lease().orElseThrow();
        store.save(state(2, filled(ExtensionReceiverSeeds.ENCODED_LENGTH, 4), filled(ExtensionSenderSeeds.ENCODED_LENGTH, 5)));
        assertEquals(PairStatus.RETIRED, first.status(), "replaced by generation 2");
        one.close();
        one.close(); // closing twice counts once
        assertFalse(first.wiped(), "another session still computes with generation 1");
        two.close();
        assertTrue(first.wiped());

        PairState second = store.find(PEER).orElseThrow();
        PairState.Lease check = second.lease().orElseThrow();
        store.ban(new BanRecord(PEER, new AbortReason.OtConsistencyCheckFailed(), new byte[32]));
        assertEquals(PairStatus.BANNED, second.status());
        assertTrue(second.lease().isEmpty());
        assertFalse(second.wiped());
        check.close();
        assertTrue(second.wiped());
    }

    @Test
    void withoutALeaseTheWipeIsImmediateAndARetireNeverUndoesABan() {
        PairState pair = state(1, filled(ExtensionReceiverSeeds.ENCODED_LENGTH, 1), filled(ExtensionSenderSeeds.ENCODED_LENGTH, 2));
        pair.markBanned();
        pair.markRetired();
        assertEquals(PairStatus.BANNED, pair.status());
        pair.destroy();
        assertTrue(pair.wiped());
        assertTrue(pair.lease().isEmpty());
    }

    private static PairState state(long generation, byte[] bob, byte[] alice) {
        return new PairState(ME, PEER, filled(32, (int) generation), generation, 1, PairStatus.ACTIVE, filled(32, 3),
                ExtensionReceiverSeeds.decode(bob), ExtensionSenderSeeds.decode(alice));
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
