package io.sigil.testing.dkg;

import static io.sigil.testing.dkg.DkgAssertions.assertBlames;
import static io.sigil.testing.dkg.DkgAssertions.assertBlamesManager;
import static io.sigil.testing.dkg.DkgAssertions.assertNothingActive;
import static io.sigil.testing.dkg.KeyGenerationFaultTest.flip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.dkg.DkgRound1;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.ec.Point;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * keygen §2.6, the verification game: corrupted acknowledgements accuse their sender and are not
 * kept; a committee without an agreeing ack blocks activation; an activate message that a
 * manager assembled wrongly is refused by every node; and a contributor that sends different
 * reveals to two replicas is caught before anything is activated.
 */
class ActivationFaultTest {

    private static final SecureRandom RNG = new SecureRandom();
    private static final String VICTIM = "c2-r2";

    // ---- acknowledgements (3×2, t = 2): each field of c2-r2's ack ----

    @Test
    void ackNamingAnotherNodeAccusesItsSender() {
        assertAckAccused(ack -> new Acknowledgement("c2-r1", ack.committee(), ack.transcriptHash(), ack.publicKey(),
                ack.signature()), DkgFailure.AckInvalid.class);
    }

    @Test
    void ackNamingAnotherCommitteeAccusesItsSender() {
        assertAckAccused(ack -> new Acknowledgement(ack.nodeId(), 3, ack.transcriptHash(), ack.publicKey(),
                ack.signature()), DkgFailure.AckInvalid.class);
    }

    @Test
    void ackWithAnotherTranscriptAccusesItsSender() {
        assertAckAccused(ack -> new Acknowledgement(ack.nodeId(), ack.committee(), flip(ack.transcriptHash()),
                ack.publicKey(), ack.signature()), DkgFailure.AckInvalid.class);
    }

    @Test
    void ackWithAnotherPublicKeyAccusesItsSender() {
        assertAckAccused(ack -> new Acknowledgement(ack.nodeId(), ack.committee(), ack.transcriptHash(),
                ack.publicKey().add(Point.generator()), ack.signature()), DkgFailure.AckInvalid.class);
    }

    @Test
    void ackWithABrokenSignatureAccusesItsSender() {
        assertAckAccused(ack -> new Acknowledgement(ack.nodeId(), ack.committee(), ack.transcriptHash(),
                ack.publicKey(), flip(ack.signature())), DkgFailure.AckInvalid.class);
    }

    private static void assertAckAccused(UnaryOperator<Acknowledgement> change, Class<? extends DkgFailure> failure) {
        DkgOutcome outcome = new InMemoryDkgNetwork(3, 2, 2, RNG).interceptor(new DkgInterceptor() {
            @Override
            public Acknowledgement acknowledgement(String node, Acknowledgement ack) {
                return node.equals(VICTIM) ? change.apply(ack) : ack;
            }
        }).run();
        assertEquals(Set.of(VICTIM), outcome.tally().accused().keySet(), () -> outcome.tally().toString());
        assertInstanceOf(failure, outcome.tally().accused().get(VICTIM));
        assertFalse(outcome.tally().kept().stream().anyMatch(ack -> ack.nodeId().equals(VICTIM)));
        // Committee 2 is still covered by c2-r1, so the key activates; the accused node catches up later.
        assertTrue(outcome.tally().activates());
    }

    /** With one replica per committee, a bad ack leaves its committee uncovered: nothing activates. */
    @Test
    void committeeWithoutAnAgreeingAckBlocksActivation() {
        DkgOutcome outcome = new InMemoryDkgNetwork(5, 1, 3, RNG).interceptor(new DkgInterceptor() {
            @Override
            public Acknowledgement acknowledgement(String node, Acknowledgement ack) {
                return node.equals("c4-r1") ? new Acknowledgement(ack.nodeId(), ack.committee(), ack.transcriptHash(),
                        ack.publicKey(), flip(ack.signature())) : ack;
            }
        }).run();
        assertEquals(Set.of(4), outcome.tally().uncovered());
        assertEquals(Set.of("c4-r1"), outcome.tally().accused().keySet());
        assertNothingActive(outcome);
    }

    // ---- the activate message as a (corrupt) manager assembles it ----

    @Test
    void activateWithAForgedAckIsRefusedNamingTheManager() {
        DkgOutcome outcome = activateChangedFor("c1-r1", activate -> withAcks(activate, acks -> {
            Acknowledgement first = acks.get(0);
            acks.set(0, new Acknowledgement(first.nodeId(), first.committee(), first.transcriptHash(), first.publicKey(),
                    flip(first.signature())));
        }));
        assertBlamesManager(outcome, "c1-r1", DkgFailure.AckInvalid.class);
        assertFalse(outcome.active().contains("c1-r1"));
    }

    @Test
    void activateMissingACommitteeIsRefusedNamingTheManager() {
        DkgOutcome outcome = activateChangedFor("c1-r1", activate -> withAcks(activate,
                acks -> acks.removeIf(ack -> ack.committee() == 3)));
        assertBlamesManager(outcome, "c1-r1", DkgFailure.CommitteeUncovered.class);
    }

    @Test
    void activateOfAnotherTranscriptIsRefusedNamingTheManager() {
        DkgOutcome outcome = activateChangedFor("c1-r1", activate -> new Activation.Activate(activate.userId(),
                activate.keyId(), flip(activate.transcriptHash()), activate.publicKey(), activate.acknowledgements()));
        assertBlamesManager(outcome, "c1-r1", DkgFailure.AcksDisagree.class);
    }

    @Test
    void activateListingANodeTwiceIsRefusedNamingTheManager() {
        DkgOutcome outcome = activateChangedFor("c3-r2", activate -> withAcks(activate, acks -> acks.add(acks.get(0))));
        assertBlamesManager(outcome, "c3-r2", DkgFailure.AckInvalid.class);
    }

    private static DkgOutcome activateChangedFor(String target, UnaryOperator<Activation.Activate> change) {
        DkgOutcome outcome = new InMemoryDkgNetwork(3, 2, 2, RNG).interceptor(new DkgInterceptor() {
            @Override
            public Activation.Activate activate(String node, Activation.Activate activate) {
                return node.equals(target) ? change.apply(activate) : activate;
            }
        }).run();
        assertEquals(5, outcome.active().size(), () -> "aborts: " + outcome.allAborts());
        return outcome;
    }

    private static Activation.Activate withAcks(Activation.Activate activate,
            java.util.function.Consumer<List<Acknowledgement>> edit) {
        List<Acknowledgement> acks = new ArrayList<>(activate.acknowledgements());
        edit.accept(acks);
        return new Activation.Activate(activate.userId(), activate.keyId(), activate.transcriptHash(),
                activate.publicKey(), acks);
    }

    // ---- a contributor that sends different reveals to two replicas ----

    /**
     * Contributor c1-r1 reveals one polynomial to everyone but c2-r2 and another (bound to the same
     * commit set) to c2-r2. The commit fixed h_d, so c2-r2 names the contributor; its complaint
     * stops the manager from activating, although every other node would have acknowledged.
     */
    @Test
    void differentRevealToOneReplicaIsCaughtBeforeActivation() {
        InMemoryDkgNetwork network = new InMemoryDkgNetwork(3, 2, 2, RNG);
        Reveal other = DkgRound1.start(network.parameters(), 1, RNG).unboundReveal();
        DkgOutcome outcome = network.interceptor(new DkgInterceptor() {
            @Override
            public Reveal revealTo(String node, int committee, Reveal reveal) {
                return committee == 1 && node.equals(VICTIM)
                        ? new Reveal(1, reveal.commitSetHash(), other.commitments(), other.proof()) : reveal;
            }
        }).run();
        assertBlames(outcome, VICTIM, "c1-r1", DkgFailure.CommitMismatch.class);
        assertEquals(5, outcome.pending().size());
        assertEquals(Set.of(VICTIM), outcome.tally().complainants());
        assertNothingActive(outcome);
    }

    /**
     * The case no single node can see: c2-r2 was led through a complete, internally consistent
     * second attempt with the same session id (every contributor and the manager equivocating), so
     * it holds a valid pending record of another key. Only the comparison of acknowledgements
     * (§2.6) shows it: the manager does not keep c2-r2's ack, and an activate that includes it
     * is refused by every node.
     */
    @Test
    void equivocationAcrossReplicasIsCaughtByTheAcknowledgementComparison() {
        InMemoryDkgNetwork network = new InMemoryDkgNetwork(3, 2, 2, RNG);
        DkgOutcome otherWorld = network.run();
        Acknowledgement otherAck = otherWorld.pending().get(VICTIM).acknowledge(network.identity(VICTIM)::sign);
        DkgOutcome outcome = network.interceptor(new DkgInterceptor() {
            @Override
            public Acknowledgement acknowledgement(String node, Acknowledgement ack) {
                return node.equals(VICTIM) ? otherAck : ack;
            }

            @Override
            public Activation.Activate activate(String node, Activation.Activate activate) {
                // A manager that wants both worlds activated includes the disagreeing ack.
                List<Acknowledgement> acks = new ArrayList<>(activate.acknowledgements());
                acks.add(otherAck);
                return new Activation.Activate(activate.userId(), activate.keyId(), activate.transcriptHash(),
                        activate.publicKey(), acks);
            }
        }).run();
        assertNotEquals(otherWorld.expected().publicKey(), outcome.expected().publicKey());
        assertInstanceOf(DkgFailure.AcksDisagree.class, outcome.tally().accused().get(VICTIM));
        for (String node : List.of("c1-r1", "c1-r2", "c2-r1", "c3-r1", "c3-r2")) {
            assertBlamesManager(outcome, node, DkgFailure.AcksDisagree.class);
            assertTrue(outcome.allAborts().get(node).getMessage().contains(VICTIM));
        }
        assertEquals(Set.of(), outcome.active());
    }
}
