package io.sigil.testing.dkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sigil.crypto.dkg.PendingKey;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.Lagrange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ONE place where shards of a network-generated key are combined (keygen §5): only to check
 * that t of them interpolate to an x with x·G = PK, and that t − 1 do not. Every other test
 * signs through the protocol instead; {@link #noOtherTestInterpolatesNetworkKeyShards()} holds
 * the repository to that.
 */
class NetworkKeyReconstructionTest {

    private static final SecureRandom RNG = new SecureRandom();

    @ParameterizedTest(name = "{0} committees × {1} replicas, t = {2}, party {3}")
    @CsvSource({"3, 2, 2, 1;3", "3, 2, 2, 2;3", "5, 1, 3, 1;2;3", "5, 1, 3, 2;4;5"})
    void thresholdShardsInterpolateToThePublicKey(int committees, int replicas, int threshold, String partyText) {
        DkgOutcome outcome = new InMemoryDkgNetwork(committees, replicas, threshold, RNG).run();
        List<Integer> party = Stream.of(partyText.split(";")).map(Integer::parseInt).toList();
        Point publicKey = outcome.expected().publicKey();
        // Each committee's shard from its last replica (all replicas hold the same one).
        assertEquals(publicKey, Point.baseMultiply(interpolate(outcome, party, replicas)));
        assertNotEquals(publicKey, Point.baseMultiply(interpolate(outcome, party.subList(0, threshold - 1), replicas)));
    }

    /**
     * After a refresh (keygen §3.1), t new shards interpolate to x, while a mix of old and new
     * shards does not: an attacker holding old shards gains nothing from new ones.
     */
    @Test
    void afterARefreshOldAndNewShardsDoNotCombine() {
        InMemoryDkgNetwork generation = new InMemoryDkgNetwork(3, 1, 2, RNG);
        DkgOutcome outcome = generation.run();
        java.util.Map<String, io.sigil.crypto.feldman.KeyShard> shards = new java.util.TreeMap<>();
        outcome.pending().forEach((node, key) -> shards.put(node, key.shard()));
        java.util.Map<String, io.sigil.identity.NodeIdentity> identities = new java.util.TreeMap<>();
        generation.nodes().forEach(node -> identities.put(node, generation.identity(node)));
        io.sigil.testing.reshare.ReshareOutcome refreshed = io.sigil.testing.reshare.InMemoryReshareNetwork.refresh(
                InMemoryDkgNetwork.EPOCH, generation.directory(), identities, shards,
                io.sigil.testing.reshare.InMemoryReshareNetwork.recordOf(outcome.pending().get("c1-r1")), RNG).run();
        Point publicKey = outcome.expected().publicKey();
        List<Integer> party = List.of(1, 3);
        Scalar fresh = Lagrange.coefficientAtZero(1, party).multiply(refreshed.pending().get("c1-r1").shard().share())
                .add(Lagrange.coefficientAtZero(3, party).multiply(refreshed.pending().get("c3-r1").shard().share()));
        Scalar mixed = Lagrange.coefficientAtZero(1, party).multiply(outcome.pending().get("c1-r1").shard().share())
                .add(Lagrange.coefficientAtZero(3, party).multiply(refreshed.pending().get("c3-r1").shard().share()));
        assertEquals(publicKey, Point.baseMultiply(fresh), "new shards reconstruct the same key");
        assertNotEquals(publicKey, Point.baseMultiply(mixed), "an old shard does not combine with a new one");
    }

    private static Scalar interpolate(DkgOutcome outcome, List<Integer> party, int replica) {
        Scalar sum = Scalar.ZERO;
        for (int committee : party) {
            PendingKey key = outcome.pending().get(InMemoryDkgNetwork.nodeId(committee, replica));
            sum = sum.add(Lagrange.coefficientAtZero(committee, party).multiply(key.shard().share()));
        }
        return sum;
    }

    /** Code search of keygen §5: no test but this one applies Lagrange to shards of a generated key. */
    @Test
    void noOtherTestInterpolatesNetworkKeyShards() throws IOException {
        List<String> offenders = new ArrayList<>();
        Path root = Path.of("").toAbsolutePath().getParent();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/test/"))
                    .toList()) {
                String text = Files.readString(file);
                boolean usesGeneratedKeys = text.contains("io.sigil.crypto.dkg") || text.contains("InMemoryDkgNetwork")
                        || text.contains("InMemoryReshareNetwork");
                boolean interpolates = text.contains("Lagrange.coefficientAtZero");
                if (usesGeneratedKeys && interpolates
                        && !file.getFileName().toString().equals("NetworkKeyReconstructionTest.java")) {
                    offenders.add(root.relativize(file).toString());
                }
            }
        }
        assertEquals(List.of(), offenders);
    }
}
