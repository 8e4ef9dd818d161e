package io.sigil.testing.reshare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkg.PendingKey;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import io.sigil.crypto.reshare.EpochReady;
import io.sigil.crypto.reshare.PendingReshare;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.crypto.reshare.ReshareRound1;
import io.sigil.crypto.reshare.ReshareTranscript;
import io.sigil.testing.dkg.InMemoryDkgNetwork;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Resharing one key to a new epoch (keygen §3.3–§3.4) with honest parties: every node of the new
 * epoch ends with a pending record of the same key, account key and chain code under new
 * commitments of the new threshold; the manager's tally activates; a refresh changes every
 * shard; two epoch changes in a row work; the ready digests of §3.2 agree. Signing with the new
 * shards is in {@code ResharedKeySigningTest}, reconstruction in {@code NetworkKeyReconstructionTest}.
 */
class ReshareTest {

    private static final SecureRandom RNG = new SecureRandom();

    @Test
    void threeCommitteesOfTwoToFourCommitteesOfTwoWithThresholdThree() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 2, 2, RNG);
        InMemoryReshareNetwork reshare = old.toNewNodes(4, 2, 3, RNG);
        ReshareOutcome outcome = reshare.run();

        assertEquals(reshare.newNodes(), outcome.active(), () -> "aborts: " + outcome.allAborts());
        PendingKey before = old.anyRecord();
        for (PendingReshare record : outcome.pending().values()) {
            assertEquals(before.publicKey(), record.publicKey(), "every key keeps its public key (and address)");
            assertEquals(3, record.threshold());
            assertEquals(3, record.commitments().coefficients().size(), "exactly t' commitments");
            assertArrayEquals(before.chainCode(), record.carried().chainCode(), "the chain code is carried");
            assertArrayEquals(before.accountKey(), record.carried().accountKey(), "the account key is carried");
            assertEquals(record.epoch(), InMemoryDkgNetwork.EPOCH + 1);
            assertTrue(record.commitments().verifyShard(record.shard()), "the new shard lies on C'");
        }
        assertEquals(outcome.pending().get("e8-c2-r1").shard().share(), outcome.pending().get("e8-c2-r2").shard().share(),
                "replicas of a committee hold the same shard");
    }

    @Test
    void fiveCommitteesThresholdThreeToThreeCommitteesThresholdTwo() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(5, 1, 3, RNG);
        InMemoryReshareNetwork reshare = old.toNewNodes(3, 1, 2, RNG)
                .contributors(new TreeMap<>(Map.of(2, "c2-r1", 4, "c4-r1", 5, "c5-r1")));
        ReshareOutcome outcome = reshare.run();
        assertEquals(reshare.newNodes(), outcome.active(), () -> "aborts: " + outcome.allAborts());
        assertEquals(old.anyRecord().publicKey(), outcome.expected().publicKey());
    }

    @Test
    void refreshChangesEveryShardAndKeepsTheKey() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 2, 2, RNG);
        InMemoryReshareNetwork refresh = old.refresh(RNG);
        ReshareOutcome outcome = refresh.run();
        assertEquals(old.network().nodes(), outcome.active(), () -> "aborts: " + outcome.allAborts());
        for (Map.Entry<String, PendingReshare> entry : outcome.pending().entrySet()) {
            PendingKey before = old.outcome().pending().get(entry.getKey());
            assertEquals(before.committee(), entry.getValue().committee());
            assertEquals(before.publicKey(), entry.getValue().publicKey());
            assertNotEquals(before.shard().share(), entry.getValue().shard().share(), "every shard changes");
            assertFalse(before.commitments().verifyShard(entry.getValue().shard()), "the new shard is on a new polynomial");
        }
    }

    @Test
    void twoEpochChangesInARow() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 1, 2, RNG);
        InMemoryReshareNetwork first = old.toNewNodes(4, 1, 3, RNG);
        ReshareOutcome middle = first.run();
        assertEquals(first.newNodes(), middle.active(), () -> "aborts: " + middle.allAborts());

        Map<String, io.sigil.crypto.feldman.KeyShard> shards = new TreeMap<>();
        middle.pending().forEach((node, record) -> shards.put(node, record.shard()));
        PendingReshare any = middle.pending().values().iterator().next();
        InMemoryReshareNetwork second = InMemoryReshareNetwork.toNewNodes(InMemoryDkgNetwork.EPOCH + 1,
                first.newDirectory(), shards, InMemoryReshareNetwork.recordOf(any), 3, 2, 2, RNG)
                .contributors(new TreeMap<>(Map.of(1, "e8-c1-r1", 2, "e8-c2-r1", 4, "e8-c4-r1")));
        ReshareOutcome last = second.run();
        assertEquals(second.newNodes(), last.active(), () -> "aborts: " + last.allAborts());
        assertEquals(old.anyRecord().publicKey(), last.expected().publicKey());
        assertArrayEquals(old.anyRecord().chainCode(), last.expected().record().chainCode());
    }

    /**
     * keygen §3.4: {@code T'} binds the agreed record's chain code, a departure from the
     * specification's {@code H("reshare-transcript"; rs_sid, LIST(LIST(E_{i,*})))}. The manager's
     * {@code T'} and every node's are the binding one, recomputed from the contributors' commitments
     * and the chain code; another chain code, or none, gives another one; the specification's formula,
     * which keys reshared before this binding were acknowledged on, is kept apart.
     */
    @Test
    void theTranscriptBindsTheChainCode() throws Exception {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 2, 2, RNG);
        SortedMap<Integer, List<Point>> contributions = new TreeMap<>();
        InMemoryReshareNetwork refresh = old.refresh(RNG).interceptor(new ReshareInterceptor() {
            @Override
            public ReshareRound1.Message contribution(int committee, ReshareRound1.Message message) {
                contributions.put(committee, message.commitments());
                return message;
            }
        });
        ReshareOutcome outcome = refresh.run();
        assertEquals(old.network().nodes(), outcome.active(), () -> "aborts: " + outcome.allAborts());
        byte[] chainCode = old.anyRecord().chainCode();
        ReshareParameters parameters = refresh.parameters();

        ReshareTranscript.Recomputed recomputed = ReshareTranscript.recomputed(parameters, contributions, chainCode);
        assertArrayEquals(outcome.expected().transcriptHash(), recomputed.transcriptHash());
        outcome.pending().values().forEach(pending ->
                assertArrayEquals(recomputed.transcriptHash(), pending.transcriptHash(), "every node's T'"));

        byte[] another = chainCode.clone();
        another[0] ^= 1;
        assertFalse(Arrays.equals(recomputed.transcriptHash(),
                ReshareTranscript.recomputed(parameters, contributions, another).transcriptHash()), "another chain code");
        assertNull(ReshareTranscript.recomputed(parameters, contributions, null).transcriptHash(), "no chain code");

        List<byte[]> entries = new ArrayList<>();
        contributions.values().forEach(commitments -> entries.add(Reveal.encodePoints(commitments)));
        byte[] specification = LifecycleHash.h("reshare-transcript", parameters.sessionId(), Encoding.list(entries));
        assertArrayEquals(specification, recomputed.transcriptWithoutChainCode());
        assertArrayEquals(LifecycleHash.h("reshare-transcript", parameters.sessionId(), Encoding.list(entries),
                chainCode), recomputed.transcriptHash(), "the specification's fields, then cc");
    }

    /** §3.2 step 3: K and K' do not depend on the order keys are listed in, and name every key. */
    @Test
    void readyDigestsAgreeOnTheSameKeysInAnyOrder() {
        Point first = Point.baseMultiply(io.sigil.crypto.ec.Scalar.random(RNG));
        Point second = Point.baseMultiply(io.sigil.crypto.ec.Scalar.random(RNG));
        byte[] transcript = new byte[32];
        Map<String, EpochReady.KeyEntry> forward = new java.util.LinkedHashMap<>();
        forward.put(EpochReady.name("alice", "k1"), new EpochReady.KeyEntry(first, transcript));
        forward.put(EpochReady.name("bob", "k1"), new EpochReady.KeyEntry(second, transcript));
        Map<String, EpochReady.KeyEntry> backward = new java.util.LinkedHashMap<>();
        backward.put(EpochReady.name("bob", "k1"), new EpochReady.KeyEntry(second, transcript));
        backward.put(EpochReady.name("alice", "k1"), new EpochReady.KeyEntry(first, transcript));
        byte[][] sets = EpochReady.keySets(forward);
        assertArrayEquals(sets[0], EpochReady.keySets(backward)[0]);
        assertArrayEquals(sets[1], EpochReady.keySets(backward)[1]);
        byte[] ready = EpochReady.digest("net", 8, sets[0], sets[1]);
        assertTrue(EpochReady.matches(ready, "net", 8, sets[0], sets[1]));
        assertFalse(EpochReady.matches(ready, "net", 9, sets[0], sets[1]), "another epoch");
        Map<String, EpochReady.KeyEntry> oneMissing = new TreeMap<>(forward);
        oneMissing.remove(EpochReady.name("bob", "k1"));
        byte[][] fewer = EpochReady.keySets(oneMissing);
        assertFalse(EpochReady.matches(ready, "net", 8, fewer[0], fewer[1]), "a node that lacks a key disagrees");
    }
}
