package io.sigil.crypto.dkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hash.LifecycleHash;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.PeerKeys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Unit checks of the key generation rounds (keygen §2.2–§2.4); the network runs are in testing-utils. */
class DkgRoundsTest {

    private static final SecureRandom RNG = new SecureRandom();

    static DkgParameters parameters(int threshold, int committees) {
        SortedMap<Integer, String> contributors = new TreeMap<>();
        for (int d = 1; d <= threshold; d++) {
            contributors.put(d, "node-" + d);
        }
        return new DkgParameters("net", 3, "user", "key", "account".getBytes(StandardCharsets.UTF_8), threshold,
                committees, contributors, "request", 0, 1_900_000_000L);
    }

    /** Committees {@code 1..committees} with one signing node {@code node-j} each; their identities go to {@code identities}. */
    static DkgDirectory oneNodePerCommittee(int committees, SortedMap<String, NodeIdentity> identities) {
        List<DkgDirectory.Member> members = new ArrayList<>();
        for (int committee = 1; committee <= committees; committee++) {
            NodeIdentity identity = NodeIdentity.generate();
            identities.put("node-" + committee, identity);
            members.add(new DkgDirectory.Member("node-" + committee, committee,
                    PeerKeys.of(identity.identityKey(), identity.encryptionKey())));
        }
        return DkgDirectory.of(committees, members);
    }

    @Test
    void sessionIdBindsEveryField() {
        DkgParameters base = parameters(2, 3);
        List<UnaryOperator<DkgParameters>> changes = List.of(
                p -> new DkgParameters("net2", p.epoch(), p.userId(), p.keyId(), p.accountKey(), 2, 3, p.contributors(),
                        p.requestId(), 0, p.expiry()),
                p -> new DkgParameters("net", 4, p.userId(), p.keyId(), p.accountKey(), 2, 3, p.contributors(),
                        p.requestId(), 0, p.expiry()),
                p -> new DkgParameters("net", 3, "user2", p.keyId(), p.accountKey(), 2, 3, p.contributors(),
                        p.requestId(), 0, p.expiry()),
                p -> new DkgParameters("net", 3, p.userId(), "key2", p.accountKey(), 2, 3, p.contributors(),
                        p.requestId(), 0, p.expiry()),
                p -> new DkgParameters("net", 3, p.userId(), p.keyId(), new byte[] {1}, 2, 3, p.contributors(),
                        p.requestId(), 0, p.expiry()),
                p -> new DkgParameters("net", 3, p.userId(), p.keyId(), p.accountKey(), 2, 4, p.contributors(),
                        p.requestId(), 0, p.expiry()),
                p -> new DkgParameters("net", 3, p.userId(), p.keyId(), p.accountKey(), 2, 3,
                        new TreeMap<>(java.util.Map.of(1, "node-1", 3, "node-3")), p.requestId(), 0, p.expiry()),
                p -> new DkgParameters("net", 3, p.userId(), p.keyId(), p.accountKey(), 2, 3,
                        new TreeMap<>(java.util.Map.of(1, "node-1", 2, "other")), p.requestId(), 0, p.expiry()),
                p -> new DkgParameters("net", 3, p.userId(), p.keyId(), p.accountKey(), 2, 3, p.contributors(),
                        "request2", 0, p.expiry()),
                p -> new DkgParameters("net", 3, p.userId(), p.keyId(), p.accountKey(), 2, 3, p.contributors(),
                        p.requestId(), 1, p.expiry()),
                p -> new DkgParameters("net", 3, p.userId(), p.keyId(), p.accountKey(), 2, 3, p.contributors(),
                        p.requestId(), 0, p.expiry() + 1));
        Set<String> seen = new HashSet<>();
        seen.add(HexFormat.of().formatHex(base.sessionId()));
        for (UnaryOperator<DkgParameters> change : changes) {
            assertTrue(seen.add(HexFormat.of().formatHex(change.apply(base).sessionId())));
        }
    }

    @Test
    void contributorSetMustHoldExactlyTDistinctCommittees() {
        SortedMap<Integer, String> three = new TreeMap<>(java.util.Map.of(1, "a", 2, "b", 3, "c"));
        assertThrows(IllegalArgumentException.class, () -> new DkgParameters("n", 1, "u", "k", new byte[0], 2, 3, three,
                "r", 0, 1));
        SortedMap<Integer, String> outside = new TreeMap<>(java.util.Map.of(1, "a", 4, "b"));
        assertThrows(IllegalArgumentException.class, () -> new DkgParameters("n", 1, "u", "k", new byte[0], 2, 3,
                outside, "r", 0, 1));
        assertThrows(IllegalArgumentException.class, () -> parameters(1, 3));
        assertThrows(IllegalArgumentException.class, () -> parameters(4, 3));
    }

    @Test
    void contributorsMustBeSigningNodesOfTheirCommittee() throws Exception {
        DkgParameters parameters = parameters(2, 3);
        List<DkgDirectory.Member> members = new ArrayList<>();
        for (int committee = 1; committee <= 3; committee++) {
            NodeIdentity identity = NodeIdentity.generate();
            // node-2 sits in committee 3, not 2
            String node = committee == 3 ? "node-2" : committee == 2 ? "node-x" : "node-1";
            members.add(new DkgDirectory.Member(node, committee,
                    PeerKeys.of(identity.identityKey(), identity.encryptionKey())));
        }
        DkgAbort abort = assertThrows(DkgAbort.class,
                () -> parameters.checkContributors(DkgDirectory.of(3, members)));
        assertTrue(abort.managerAtFault());
        assertTrue(abort.failure() instanceof DkgFailure.InvalidParameters);
    }

    @Test
    void proofOfKnowledgeIsBoundToSessionAndContributor() {
        Scalar secret = Scalar.random(RNG);
        Point image = Point.baseMultiply(secret);
        byte[] sid = new byte[32];
        ProofOfKnowledge proof = ProofOfKnowledge.prove(sid, 1, secret, image, RNG);
        assertTrue(proof.verifies(sid, 1, image));
        assertFalse(proof.verifies(sid, 2, image), "another contributor");
        byte[] otherSid = sid.clone();
        otherSid[0] = 1;
        assertFalse(proof.verifies(otherSid, 1, image), "another session");
        assertFalse(proof.verifies(sid, 1, image.add(Point.generator())), "another key");
    }

    @Test
    void revealRoundTripsAndRefusesMalformedBytes() {
        DkgRound1 round = DkgRound1.start(parameters(3, 4), 2, RNG);
        Reveal reveal = round.unboundReveal();
        byte[] encoded = reveal.encode();
        Reveal decoded = Reveal.decode(encoded);
        assertEquals(reveal.contributor(), decoded.contributor());
        assertEquals(reveal.commitments(), decoded.commitments());
        assertEquals(reveal.proof(), decoded.proof());
        assertThrows(InvalidEncodingException.class, () -> Reveal.decode(java.util.Arrays.copyOf(encoded, encoded.length + 1)));
        assertThrows(InvalidEncodingException.class, () -> Reveal.decode(java.util.Arrays.copyOf(encoded, encoded.length - 1)));
        byte[] badPoint = encoded.clone();
        badPoint[4 + 32 + 4 + 8] = 0x04; // prefix of A_0
        assertThrows(InvalidEncodingException.class, () -> Reveal.decode(badPoint));
        byte[] highScalar = encoded.clone();
        java.util.Arrays.fill(highScalar, highScalar.length - 32, highScalar.length, (byte) 0xFF);
        assertThrows(InvalidEncodingException.class, () -> Reveal.decode(highScalar));
        round.destroy();
    }

    @Test
    void materialPreparedAheadServesOneAttemptOfItsThreshold() throws Exception {
        DkgParameters parameters = parameters(2, 3);
        ContributionMaterial material = ContributionMaterial.prepare(2, RNG);
        DkgRound1 round = DkgRound1.start(parameters, 1, material);
        Reveal reveal = round.unboundReveal();
        assertTrue(reveal.proof().verifies(parameters.sessionId(), 1, reveal.commitments().get(0)));
        assertThrows(IllegalStateException.class, () -> DkgRound1.start(parameters, 2, material), "used once");
        ContributionMaterial forThree = ContributionMaterial.prepare(3, RNG);
        assertThrows(IllegalArgumentException.class, () -> DkgRound1.start(parameters, 1, forThree));
        forThree.destroy();
        assertThrows(IllegalStateException.class, () -> DkgRound1.start(parameters(3, 3), 1, forThree),
                "destroyed");
        round.destroy();
    }

    @Test
    void roundOneIsConsumedOnce() throws Exception {
        DkgParameters parameters = parameters(2, 3);
        DkgRound1 first = DkgRound1.start(parameters, 1, RNG);
        DkgRound1 second = DkgRound1.start(parameters, 2, RNG);
        CommitSet set = CommitSet.of(List.of(first.message(), second.message()));
        DkgRound2 next = first.finish(set);
        assertThrows(IllegalStateException.class, () -> first.finish(set));
        assertArrayEquals(set.digest(parameters.sessionId()), next.reveal().commitSetHash());
        next.destroy();
        assertThrows(IllegalStateException.class, () -> next.deal(DkgDirectory.of(3, List.of())));
        second.destroy();
        assertThrows(IllegalStateException.class, () -> second.finish(set));
    }

    @Test
    void sharesSealedAheadOpenToTheCommitmentsAndLeaveOnlyThroughAnAcceptedCommitSet() throws Exception {
        DkgParameters parameters = parameters(2, 3);
        SortedMap<String, NodeIdentity> identities = new TreeMap<>();
        DkgDirectory directory = oneNodePerCommittee(3, identities);
        DkgRound1 first = DkgRound1.start(parameters, 1, RNG);
        DkgRound1 second = DkgRound1.start(parameters, 2, RNG);
        CommitSet set = CommitSet.of(List.of(first.message(), second.message()));
        Reveal unbound = first.unboundReveal();
        first.sealAhead(directory);
        first.sealAhead(directory); // a second call seals nothing new

        DkgRound2.Message dealt = first.finish(set).deal(directory);

        assertEquals(3, dealt.shares().size());
        assertEquals(unbound.commitments(), dealt.reveal().commitments());
        for (DkgRound2.SealedShare share : dealt.shares()) {
            NodeIdentity identity = identities.get(share.nodeId());
            Scalar value = ShareSealing.openChecked(share.ciphertext(), ShareSealing.info(parameters.sessionId(), 1,
                    share.committee(), share.nodeId()), identity::decrypt, dealt.reveal().commitments(), 1,
                    share.committee(), "share", "node-1", parameters.sessionId());
            assertFalse(value.isZero());
        }

        // sealed ahead, but the commit set alters this contributor's h_d: finish refuses and nothing is released
        DkgRound1 third = DkgRound1.start(parameters, 1, RNG);
        third.sealAhead(directory);
        DkgAbort refused = assertThrows(DkgAbort.class, () -> third.finish(set));
        assertTrue(refused.managerAtFault());
        assertThrows(IllegalStateException.class, () -> third.finish(CommitSet.of(List.of(third.message(),
                second.message()))));
        second.destroy();
    }

    @Test
    void shareInfoSeparatesSessionContributorCommitteeAndNode() {
        byte[] sid = new byte[32];
        Set<String> seen = new HashSet<>();
        assertTrue(seen.add(HexFormat.of().formatHex(ShareSealing.info(sid, 1, 2, "n"))));
        assertTrue(seen.add(HexFormat.of().formatHex(ShareSealing.info(sid, 2, 2, "n"))));
        assertTrue(seen.add(HexFormat.of().formatHex(ShareSealing.info(sid, 1, 3, "n"))));
        assertTrue(seen.add(HexFormat.of().formatHex(ShareSealing.info(sid, 1, 2, "m"))));
        byte[] otherSid = sid.clone();
        otherSid[31] = 9;
        assertTrue(seen.add(HexFormat.of().formatHex(ShareSealing.info(otherSid, 1, 2, "n"))));
    }

    @Test
    void lifecycleLabelsAreSeparateFromSigningLabels() {
        assertFalse(java.util.Arrays.equals(LifecycleHash.h("x", new byte[] {1}), Dkls23Hash.h("x", new byte[] {1})));
    }
}
