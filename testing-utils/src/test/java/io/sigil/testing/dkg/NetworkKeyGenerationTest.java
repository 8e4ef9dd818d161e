package io.sigil.testing.dkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkg.PendingKey;
import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * keygen §2 and §5: key generation on 3×2 (t = 2) and 5×1 (t = 3) leaves every node ACTIVE with the
 * same public key, chain code and transcript, and a shard that its Feldman commitments vouch for.
 * No shards are combined here (see {@link NetworkKeyReconstructionTest}).
 */
class NetworkKeyGenerationTest {

    private static final SecureRandom RNG = new SecureRandom();

    @ParameterizedTest(name = "{0} committees × {1} replicas, t = {2}")
    @CsvSource({"3, 2, 2", "5, 1, 3", "4, 2, 3"})
    void everyNodeActivatesTheSameKey(int committees, int replicas, int threshold) {
        InMemoryDkgNetwork network = new InMemoryDkgNetwork(committees, replicas, threshold, RNG);
        DkgOutcome outcome = network.run();
        assertEquals(java.util.Map.of(), outcome.allAborts());
        assertNull(outcome.managerAbort());
        assertEquals(network.nodes(), outcome.active());
        assertTrue(outcome.tally().accused().isEmpty());
        assertEquals(committees * replicas, outcome.tally().kept().size());
        for (PendingKey key : outcome.pending().values()) {
            assertEquals(outcome.expected().publicKey(), key.publicKey());
            assertArrayEquals(outcome.expected().transcriptHash(), key.transcriptHash());
            assertArrayEquals(outcome.expected().chainCode(), key.chainCode());
            assertEquals(outcome.expected().commitments(), key.commitments());
            assertEquals(threshold, key.threshold());
            assertTrue(key.commitments().verifyShard(key.shard()), key.nodeId() + ": shard matches C_0..C_{t-1}");
            assertEquals(network.directory().member(key.nodeId()).orElseThrow().committee(), key.committee());
            assertTrue(!key.toString().contains(key.shard().share().toHex()), "no shard in toString");
        }
    }

    @ParameterizedTest(name = "attempt on {0} committees")
    @CsvSource({"3", "5"})
    void twoAttemptsGiveUnrelatedKeys(int committees) {
        InMemoryDkgNetwork network = new InMemoryDkgNetwork(committees, 1, 2, RNG);
        DkgOutcome first = network.run();
        DkgOutcome second = network.run();
        assertNotEquals(first.expected().publicKey(), second.expected().publicKey());
        assertNotEquals(java.util.HexFormat.of().formatHex(first.expected().chainCode()),
                java.util.HexFormat.of().formatHex(second.expected().chainCode()));
    }

    @ParameterizedTest(name = "destroyed pending record on {0} committees")
    @CsvSource({"3"})
    void destroyedPendingRecordHoldsNoShard(int committees) {
        DkgOutcome outcome = new InMemoryDkgNetwork(committees, 1, 2, RNG).run();
        PendingKey key = outcome.pending().get("c1-r1");
        key.destroy();
        assertThrows(IllegalStateException.class, key::shard);
    }
}
