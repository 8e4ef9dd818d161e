package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.testing.dkg.DkgOutcome;
import io.sigil.testing.dkg.InMemoryDkgNetwork;
import io.sigil.testing.reshare.InMemoryReshareNetwork;
import io.sigil.testing.reshare.ReshareOutcome;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A key keeps signing across an epoch change (keygen §3): a network key of 3 committees
 * (t = 2) reshared to 4 committees (t' = 3), and refreshed on the same nodes, signs with the new
 * shards through the DKLs23 code, and the signature verifies under the unchanged public key.
 */
class ResharedKeySigningTest {

    private static final SecureRandom RNG = new SecureRandom();

    @Test
    void aKeyResharedToFourCommitteesOfThresholdThreeSigns() throws Exception {
        InMemoryDkgNetwork generation = new InMemoryDkgNetwork(3, 2, 2, RNG);
        DkgOutcome generated = generation.run();
        assertEquals(generation.nodes(), generated.active(), () -> "aborts: " + generated.allAborts());
        Map<String, io.sigil.crypto.feldman.KeyShard> shards = new TreeMap<>();
        generated.pending().forEach((node, key) -> shards.put(node, key.shard()));
        InMemoryReshareNetwork reshare = InMemoryReshareNetwork.toNewNodes(InMemoryDkgNetwork.EPOCH,
                generation.directory(), shards, InMemoryReshareNetwork.recordOf(generated.pending().get("c1-r1")),
                4, 2, 3, RNG).contributors(new TreeMap<>(Map.of(2, "c2-r2", 3, "c3-r1")));
        ReshareOutcome outcome = reshare.run();
        assertEquals(reshare.newNodes(), outcome.active(), () -> "aborts: " + outcome.allAborts());

        Point publicKey = generated.expected().publicKey();
        assertSigns(outcome, publicKey, 3, 4, Map.of(1, "e8-c1-r2", 3, "e8-c3-r1", 4, "e8-c4-r2"));
        assertSigns(outcome, publicKey, 3, 4, Map.of(2, "e8-c2-r1", 3, "e8-c3-r2", 4, "e8-c4-r1"));
    }

    @Test
    void aRefreshedKeySigns() throws Exception {
        InMemoryDkgNetwork generation = new InMemoryDkgNetwork(3, 1, 2, RNG);
        DkgOutcome generated = generation.run();
        Map<String, io.sigil.crypto.feldman.KeyShard> shards = new TreeMap<>();
        generated.pending().forEach((node, key) -> shards.put(node, key.shard()));
        Map<String, io.sigil.identity.NodeIdentity> identities = new TreeMap<>();
        generation.nodes().forEach(node -> identities.put(node, generation.identity(node)));
        InMemoryReshareNetwork refresh = InMemoryReshareNetwork.refresh(InMemoryDkgNetwork.EPOCH,
                generation.directory(), identities, shards,
                InMemoryReshareNetwork.recordOf(generated.pending().get("c1-r1")), RNG);
        ReshareOutcome outcome = refresh.run();
        assertEquals(generation.nodes(), outcome.active(), () -> "aborts: " + outcome.allAborts());
        assertSigns(outcome, generated.expected().publicKey(), 2, 3, Map.of(1, "c1-r1", 3, "c3-r1"));
    }

    private static void assertSigns(ReshareOutcome outcome, Point publicKey, int threshold, int committees,
            Map<Integer, String> signers) throws Exception {
        Map<Integer, Scalar> shares = new TreeMap<>();
        signers.forEach((committee, node) -> shares.put(committee, outcome.pending().get(node).shard().share()));
        byte[] digest = SharedNetworks.randomDigest();
        InMemoryNetwork network = SharedNetworks.nineNodes();
        List<Integer> party = List.copyOf(new TreeMap<>(shares).keySet());
        SessionOutcome signed = network.signing(network.context(publicKey, threshold, committees, party, digest,
                "request-" + RNG.nextInt(1 << 30)), shares, publicKey).run();
        assertTrue(signed.allSigned(party.size()), () -> "aborts: " + signed.aborts());
        EcdsaSignature signature = signed.commonSignature();
        Verifiers.assertValid(signature, publicKey, digest);
    }
}
