package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkg.PendingKey;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.crypto.hd.DerivationPath;
import io.sigil.crypto.hd.DerivedKey;
import io.sigil.crypto.hd.PublicDerivation;
import io.sigil.crypto.hd.ShareTweak;
import io.sigil.testing.dkg.DkgOutcome;
import io.sigil.testing.dkg.InMemoryDkgNetwork;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Keys no one ever held (keygen §2, §4.3): the shards that network key generation leaves on the
 * nodes sign with the existing DKLs23 code, and the signatures verify (Bouncy Castle, JCA,
 * recovery) under the generated key; shards tweaked by a BIP32 path sign for the child key.
 * The test never combines shards itself: only the signing protocol does.
 */
class NetworkKeySigningTest {

    private static final SecureRandom RNG = new SecureRandom();

    @Test
    void threeCommitteesOfTwoReplicasThresholdTwoSign() throws Exception {
        InMemoryDkgNetwork dkg = new InMemoryDkgNetwork(3, 2, 2, RNG);
        DkgOutcome outcome = dkg.run();
        assertEquals(dkg.nodes(), outcome.active(), () -> "aborts: " + outcome.allAborts());
        Point publicKey = outcome.expected().publicKey();
        // Replica 2 of committees 1 and 3 sign, then replica 1 of committees 2 and 3.
        assertSigns(outcome, publicKey, Map.of(1, InMemoryDkgNetwork.nodeId(1, 2), 3, InMemoryDkgNetwork.nodeId(3, 2)));
        assertSigns(outcome, publicKey, Map.of(2, InMemoryDkgNetwork.nodeId(2, 1), 3, InMemoryDkgNetwork.nodeId(3, 1)));
    }

    @Test
    void fiveCommitteesThresholdThreeSign() throws Exception {
        InMemoryDkgNetwork dkg = new InMemoryDkgNetwork(5, 1, 3, RNG);
        DkgOutcome outcome = dkg.run();
        assertEquals(dkg.nodes(), outcome.active(), () -> "aborts: " + outcome.allAborts());
        Point publicKey = outcome.expected().publicKey();
        assertSigns(outcome, publicKey, Map.of(2, "c2-r1", 4, "c4-r1", 5, "c5-r1"));
        assertSigns(outcome, publicKey, Map.of(1, "c1-r1", 3, "c3-r1", 5, "c5-r1"));
    }

    /** §4.3: every member adds δ to its shard; the signature verifies under the child key and recovers its address. */
    @Test
    void derivedPathSignsUnderTheChildKey() throws Exception {
        InMemoryDkgNetwork dkg = new InMemoryDkgNetwork(3, 2, 2, RNG);
        DkgOutcome outcome = dkg.run();
        assertEquals(dkg.nodes(), outcome.active(), () -> "aborts: " + outcome.allAborts());
        PendingKey anyRecord = outcome.pending().get("c1-r1");
        DerivedKey child = PublicDerivation.derive(anyRecord.publicKey(), anyRecord.chainCode(),
                DerivationPath.parse("m/44/60/0/0/5"));
        assertNotEquals(anyRecord.publicKey(), child.publicKey());
        Map<Integer, String> signers = Map.of(1, "c1-r2", 2, "c2-r1");
        Map<Integer, Scalar> tweaked = new TreeMap<>();
        signers.forEach((committee, node) -> {
            KeyShard moved = ShareTweak.tweak(outcome.pending().get(node).shard(), child.tweak());
            tweaked.put(committee, moved.share());
            moved.destroy();
        });
        byte[] digest = SharedNetworks.randomDigest();
        EcdsaSignature signature = sign(tweaked, child.publicKey(), 2, 3, digest);
        Verifiers.assertValid(signature, child.publicKey(), digest);
        assertArrayEquals(EthereumAddress.addressBytes(child.publicKey()),
                EthereumAddress.addressBytes(signature.recoverPublicKey(digest)));
        assertTrue(!signature.verify(anyRecord.publicKey(), digest), "not a signature of the parent key");
    }

    private static void assertSigns(DkgOutcome outcome, Point publicKey, Map<Integer, String> signers) throws Exception {
        Map<Integer, Scalar> shares = new TreeMap<>();
        signers.forEach((committee, node) -> shares.put(committee, outcome.pending().get(node).shard().share()));
        int threshold = outcome.expected().commitments().threshold();
        int committees = (int) outcome.pending().values().stream().mapToInt(PendingKey::committee).distinct().count();
        byte[] digest = SharedNetworks.randomDigest();
        EcdsaSignature signature = sign(shares, publicKey, threshold, committees, digest);
        Verifiers.assertValid(signature, publicKey, digest);
    }

    private static EcdsaSignature sign(Map<Integer, Scalar> shares, Point publicKey, int threshold, int committees,
            byte[] digest) throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        List<Integer> party = List.copyOf(new TreeMap<>(shares).keySet());
        SessionOutcome signed = network.signing(network.context(publicKey, threshold, committees, party, digest,
                "request-" + RNG.nextInt(1 << 30)), shares, publicKey).run();
        assertTrue(signed.allSigned(party.size()), () -> "aborts: " + signed.aborts());
        return signed.commonSignature();
    }
}
