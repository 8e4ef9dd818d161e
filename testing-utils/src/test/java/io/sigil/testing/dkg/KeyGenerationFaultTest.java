package io.sigil.testing.dkg;

import static io.sigil.testing.dkg.DkgAssertions.assertBlames;
import static io.sigil.testing.dkg.DkgAssertions.assertBlamesManager;
import static io.sigil.testing.dkg.DkgAssertions.assertNothingActive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.sigil.crypto.dkg.CommitSet;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.dkg.DkgRound1;
import io.sigil.crypto.dkg.ProofOfKnowledge;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.dkg.ShareSealing;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.identity.PeerKeys;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * keygen §5: every single-field corruption of a commit, reveal, proof or share is refused, naming
 * the right party (contributor c1-r1 = committee 1, or the manager when it relayed something it
 * should not have), and nothing is activated. Contributors are c1-r1 and c2-r1 of a 3×2 network
 * with t = 2.
 */
class KeyGenerationFaultTest {

    private static final SecureRandom RNG = new SecureRandom();
    private static final String CONTRIBUTOR = "c1-r1";
    private static final List<String> ALL_NODES = List.of("c1-r1", "c1-r2", "c2-r1", "c2-r2", "c3-r1", "c3-r2");

    private static InMemoryDkgNetwork network() {
        return new InMemoryDkgNetwork(3, 2, 2, RNG);
    }

    private static Point randomPoint() {
        return Point.baseMultiply(Scalar.random(RNG));
    }

    // ---- commit (round 1 message), altered by the relaying manager ----

    @Test
    void alteredOwnCommitIsRefusedByItsContributorNamingTheManager() {
        DkgOutcome outcome = network().interceptor(new DkgInterceptor() {
            @Override
            public DkgRound1.Message commit(int committee, DkgRound1.Message message) {
                return committee == 1 ? new DkgRound1.Message(1, flip(message.commitHash())) : message;
            }
        }).run();
        assertBlamesManager(outcome, CONTRIBUTOR, DkgFailure.CommitSetInvalid.class);
        assertNothingActive(outcome);
    }

    @Test
    void commitNamingAnotherCommitteeIsRefusedNamingTheManager() {
        DkgOutcome outcome = network().interceptor(new DkgInterceptor() {
            @Override
            public DkgRound1.Message commit(int committee, DkgRound1.Message message) {
                return committee == 1 ? new DkgRound1.Message(3, message.commitHash()) : message;
            }
        }).run();
        assertBlamesManager(outcome, CONTRIBUTOR, DkgFailure.CommitSetInvalid.class);
        assertBlamesManager(outcome, "c2-r1", DkgFailure.CommitSetInvalid.class);
        assertNothingActive(outcome);
    }

    // ---- reveal, altered by the contributor after it committed ----

    @ParameterizedTest(name = "A_{0}")
    @ValueSource(ints = {0, 1})
    void revealWithAnotherCommitmentIsRefusedNamingItsContributor(int k) {
        assertRevealRefused(reveal -> {
            List<Point> commitments = new ArrayList<>(reveal.commitments());
            commitments.set(k, randomPoint());
            return new Reveal(reveal.contributor(), reveal.commitSetHash(), commitments, reveal.proof());
        }, DkgFailure.CommitMismatch.class);
    }

    @Test
    void revealWithAnotherProofCommitmentIsRefusedNamingItsContributor() {
        assertRevealRefused(reveal -> new Reveal(reveal.contributor(), reveal.commitSetHash(), reveal.commitments(),
                new ProofOfKnowledge(randomPoint(), reveal.proof().response())), DkgFailure.CommitMismatch.class);
    }

    @Test
    void revealWithAnotherProofResponseIsRefusedNamingItsContributor() {
        assertRevealRefused(reveal -> new Reveal(reveal.contributor(), reveal.commitSetHash(), reveal.commitments(),
                new ProofOfKnowledge(reveal.proof().commitment(), reveal.proof().response().add(Scalar.ONE))),
                DkgFailure.CommitMismatch.class);
    }

    @Test
    void revealClaimingAnotherCommitteeIsRefusedNamingItsContributor() {
        assertRevealRefused(reveal -> new Reveal(3, reveal.commitSetHash(), reveal.commitments(), reveal.proof()),
                DkgFailure.RevealMissing.class);
    }

    /** The manager knows the set it sent, so it names the contributor; a node names the manager that relayed it. */
    @Test
    void revealBoundToAnotherCommitSetIsRefused() {
        DkgOutcome outcome = network().interceptor(revealFromContributor(reveal -> new Reveal(reveal.contributor(),
                flip(reveal.commitSetHash()), reveal.commitments(), reveal.proof()))).run();
        assertBlames(outcome, InMemoryDkgNetwork.MANAGER, CONTRIBUTOR, DkgFailure.RevealMissing.class);
        for (String node : ALL_NODES) {
            assertBlamesManager(outcome, node, DkgFailure.RevealMissing.class);
        }
        assertNothingActive(outcome);
    }

    private static void assertRevealRefused(UnaryOperator<Reveal> change, Class<? extends DkgFailure> failure) {
        assertEveryoneBlamesTheContributor(network().interceptor(revealFromContributor(change)).run(), failure);
    }

    private static DkgInterceptor revealFromContributor(UnaryOperator<Reveal> change) {
        return new DkgInterceptor() {
            @Override
            public Reveal revealToManager(int committee, Reveal reveal) {
                return committee == 1 ? change.apply(reveal) : reveal;
            }
        };
    }

    // ---- a contributor that commits to what it reveals, but deviates (threshold raise, proof) ----

    @ParameterizedTest(name = "{0} commitments for t = 2")
    @ValueSource(ints = {1, 3})
    void wrongNumberOfCommitmentsIsRefusedNamingItsContributor(int count) {
        DkgOutcome outcome = network().interceptor(deviating(reveal -> {
            List<Point> commitments = new ArrayList<>(reveal.commitments());
            while (commitments.size() < count) {
                commitments.add(randomPoint());
            }
            return new Reveal(reveal.contributor(), reveal.commitSetHash(), commitments.subList(0, count),
                    reveal.proof());
        })).run();
        assertEveryoneBlamesTheContributor(outcome, DkgFailure.WrongCommitmentCount.class);
        DkgFailure.WrongCommitmentCount failure = (DkgFailure.WrongCommitmentCount) outcome.nodeAborts().get("c3-r2").failure();
        assertEquals(new DkgFailure.WrongCommitmentCount(1, 2, count), failure);
    }

    @Test
    void invalidProofOfKnowledgeIsRefusedNamingItsContributor() {
        DkgOutcome outcome = network().interceptor(deviating(reveal -> new Reveal(reveal.contributor(),
                reveal.commitSetHash(), reveal.commitments(), new ProofOfKnowledge(reveal.proof().commitment(),
                        reveal.proof().response().add(Scalar.ONE))))).run();
        assertEveryoneBlamesTheContributor(outcome, DkgFailure.ProofInvalid.class);
    }

    /** A proof made for another contributor's constant term (a rogue key) does not transfer. */
    @Test
    void proofForAnotherKeyIsRefusedNamingItsContributor() {
        Scalar rogue = Scalar.random(RNG);
        DkgOutcome outcome = network().interceptor(deviating(reveal -> {
            List<Point> commitments = new ArrayList<>(reveal.commitments());
            commitments.set(0, Point.baseMultiply(rogue));
            return new Reveal(reveal.contributor(), reveal.commitSetHash(), commitments, reveal.proof());
        })).run();
        assertEveryoneBlamesTheContributor(outcome, DkgFailure.ProofInvalid.class);
    }

    /** Commitments that do not match the dealt polynomial fail every node's Feldman check. */
    @Test
    void commitmentsThatDoNotMatchTheSharesAreRefusedByEveryNode() {
        DkgOutcome outcome = network().interceptor(deviating(reveal -> {
            List<Point> commitments = new ArrayList<>(reveal.commitments());
            commitments.set(1, randomPoint());
            return new Reveal(reveal.contributor(), reveal.commitSetHash(), commitments, reveal.proof());
        })).run();
        assertNull(outcome.managerAbort(), "the manager cannot see shares; the nodes must refuse");
        for (String node : ALL_NODES) {
            assertBlames(outcome, node, CONTRIBUTOR, DkgFailure.ShareInvalid.class);
        }
        assertNothingActive(outcome);
    }

    /** The manager and every node name contributor c1-r1; nothing is activated. */
    private static void assertEveryoneBlamesTheContributor(DkgOutcome outcome, Class<? extends DkgFailure> failure) {
        assertBlames(outcome, InMemoryDkgNetwork.MANAGER, CONTRIBUTOR, failure);
        for (String node : ALL_NODES) {
            assertBlames(outcome, node, CONTRIBUTOR, failure);
        }
        assertNothingActive(outcome);
    }

    private static DkgInterceptor deviating(UnaryOperator<Reveal> change) {
        return new DkgInterceptor() {
            @Override
            public Reveal deviate(int committee, Reveal honest) {
                return committee == 1 ? change.apply(honest) : honest;
            }
        };
    }

    // ---- sealed shares ----

    @Test
    void flippedCiphertextIsRefusedNamingItsContributor() {
        assertShareRefused((node, ciphertext) -> flip(ciphertext), DkgFailure.ShareUnreadable.class);
    }

    @Test
    void missingShareIsRefusedNamingItsContributor() {
        assertShareRefused((node, ciphertext) -> null, DkgFailure.ShareUnreadable.class);
    }

    @Test
    void wrongValueSealedCorrectlyIsRefusedNamingItsContributor() {
        InMemoryDkgNetwork network = network();
        byte[] sid = network.parameters().sessionId();
        assertShareRefused(network, (node, ciphertext) -> seal(network, sid, node, Scalar.random(RNG).toBytes()),
                DkgFailure.ShareInvalid.class);
    }

    @Test
    void valueNotBelowTheGroupOrderIsRefusedNamingItsContributor() {
        InMemoryDkgNetwork network = network();
        byte[] sid = network.parameters().sessionId();
        byte[] order = BigIntegers.asUnsignedByteArray(32, Secp256k1.ORDER);
        assertShareRefused(network, (node, ciphertext) -> seal(network, sid, node, order), DkgFailure.InvalidField.class);
    }

    /** A share sealed for one replica does not open at the other (the info binds the node). */
    @Test
    void shareSealedForAnotherReplicaIsRefusedNamingItsContributor() {
        InMemoryDkgNetwork network = network();
        byte[] sid = network.parameters().sessionId();
        // What c1-r1 would have sealed to c2-r2 (a correct value is not needed: it must not open).
        byte[] forOtherReplica = PeerKeys.of(network.identity("c2-r2").identityKey(),
                network.identity("c2-r2").encryptionKey()).encrypt(Scalar.ONE.toBytes(),
                ShareSealing.info(sid, 1, 2, "c2-r2"));
        DkgOutcome outcome = network.interceptor(new DkgInterceptor() {
            @Override
            public byte[] sealedShareTo(String node, int committee, byte[] ciphertext) {
                return committee == 1 && node.equals("c2-r1") ? forOtherReplica : ciphertext;
            }
        }).run();
        assertBlames(outcome, "c2-r1", CONTRIBUTOR, DkgFailure.ShareUnreadable.class);
        assertNothingActive(outcome);
    }

    private static byte[] seal(InMemoryDkgNetwork network, byte[] sid, String node, byte[] plaintext) {
        int committee = network.directory().member(node).orElseThrow().committee();
        return network.directory().member(node).orElseThrow().keys().encrypt(plaintext,
                ShareSealing.info(sid, 1, committee, node));
    }

    private interface ShareChange {
        byte[] apply(String node, byte[] ciphertext);
    }

    private static void assertShareRefused(ShareChange change, Class<? extends DkgFailure> failure) {
        assertShareRefused(network(), change, failure);
    }

    /** Contributor 1's share to c3-r2 only is changed: that node names it; the others accept. */
    private static void assertShareRefused(InMemoryDkgNetwork network, ShareChange change,
            Class<? extends DkgFailure> failure) {
        DkgOutcome outcome = network.interceptor(new DkgInterceptor() {
            @Override
            public byte[] sealedShareTo(String node, int committee, byte[] ciphertext) {
                return committee == 1 && node.equals("c3-r2") ? change.apply(node, ciphertext) : ciphertext;
            }
        }).run();
        assertBlames(outcome, "c3-r2", CONTRIBUTOR, failure);
        assertEquals(5, outcome.pending().size(), () -> "aborts: " + outcome.allAborts());
        assertEquals(java.util.Set.of("c3-r2"), outcome.tally().complainants());
        assertNothingActive(outcome);
    }

    // ---- the manager's relay of the commit set ----

    @Test
    void commitSetAlteredForOneNodeIsRefusedNamingTheManager() {
        DkgOutcome outcome = commitSetChangedFor("c3-r1", hashes -> hashes.put(2, flip(hashes.get(2))));
        assertBlamesManager(outcome, "c3-r1", DkgFailure.RevealMissing.class);
        assertNothingActive(outcome);
    }

    @Test
    void commitSetWithoutAContributorIsRefusedNamingTheManager() {
        DkgOutcome outcome = commitSetChangedFor("c2-r2", hashes -> hashes.remove(2));
        assertBlamesManager(outcome, "c2-r2", DkgFailure.CommitSetInvalid.class);
        assertNothingActive(outcome);
    }

    private static DkgOutcome commitSetChangedFor(String target, java.util.function.Consumer<SortedMap<Integer, byte[]>> edit) {
        return network().interceptor(new DkgInterceptor() {
            @Override
            public CommitSet commitSet(String recipient, CommitSet commitSet) {
                if (!recipient.equals(target)) {
                    return commitSet;
                }
                SortedMap<Integer, byte[]> changed = new TreeMap<>(commitSet.hashes());
                edit.accept(changed);
                return new CommitSet(changed);
            }
        }).run();
    }

    static byte[] flip(byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[copy.length / 2] ^= 0x01;
        return copy;
    }
}
