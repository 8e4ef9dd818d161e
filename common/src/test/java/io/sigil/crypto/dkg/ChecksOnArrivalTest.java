package io.sigil.crypto.dkg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.Scalar;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The manager's checks run on each reveal and each ack as it arrives (docs/keygen.md §6.1): the
 * same outcome as checking them all at once, a faulty contributor or signer still named, and no
 * transcript until every contributor of D has a reveal that passed.
 */
class ChecksOnArrivalTest {

    @Test
    void revealsCheckedOnArrivalGiveTheTranscriptOfTheCheckAtOnce() throws Exception {
        TwoContributorDealing run = TwoContributorDealing.run();
        RevealsOnArrival arriving = new RevealsOnArrival(run.parameters(), run.set());
        arriving.check(2, run.two().reveal());
        DkgAbort early = assertThrows(DkgAbort.class, arriving::transcript);
        assertEquals(Set.of("node-1"), early.culprits());
        assertInstanceOf(DkgFailure.RevealMissing.class, early.failure());
        arriving.check(1, run.one().reveal());
        DkgTranscript atOnce = DkgTranscript.verified(run.parameters(), run.set(),
                Map.of(1, run.one().reveal(), 2, run.two().reveal()));
        DkgTranscript onArrival = arriving.transcript();
        assertArrayEquals(atOnce.transcriptHash(), onArrival.transcriptHash());
        assertEquals(atOnce.publicKey(), onArrival.publicKey());
        assertArrayEquals(atOnce.chainCode(), onArrival.chainCode());
    }

    @Test
    void aFaultyRevealNamesItsContributorWhenItArrives() throws Exception {
        TwoContributorDealing run = TwoContributorDealing.run();
        Reveal genuine = run.two().reveal();
        Reveal badProof = new Reveal(2, genuine.commitSetHash(), genuine.commitments(),
                new ProofOfKnowledge(genuine.proof().commitment(), genuine.proof().response().add(Scalar.fromLong(1))));
        Reveal tooFew = new Reveal(2, genuine.commitSetHash(), genuine.commitments().subList(0, 1), genuine.proof());
        Reveal otherSet = new Reveal(2, new byte[32], genuine.commitments(), genuine.proof());
        Map<Reveal, Class<? extends DkgFailure>> faults = new LinkedHashMap<>();
        faults.put(badProof, DkgFailure.CommitMismatch.class); // h_d covers the proof
        faults.put(tooFew, DkgFailure.CommitMismatch.class);
        faults.put(otherSet, DkgFailure.RevealMissing.class);
        for (Map.Entry<Reveal, Class<? extends DkgFailure>> fault : faults.entrySet()) {
            RevealsOnArrival arriving = new RevealsOnArrival(run.parameters(), run.set());
            arriving.check(1, run.one().reveal());
            DkgAbort refused = assertThrows(DkgAbort.class, () -> arriving.check(2, fault.getKey()));
            assertEquals(Set.of("node-2"), refused.culprits());
            assertInstanceOf(fault.getValue(), refused.failure());
            // the refused reveal is not kept: no transcript, naming the same contributor
            assertEquals(Set.of("node-2"), assertThrows(DkgAbort.class, arriving::transcript).culprits());
        }
        RevealsOnArrival arriving = new RevealsOnArrival(run.parameters(), run.set());
        DkgAbort outsideD = assertThrows(DkgAbort.class, () -> arriving.check(3, genuine));
        assertTrue(outsideD.managerAtFault());
        CommitSet partial = CommitSet.of(List.of(new DkgRound1.Message(1, run.set().hash(1))));
        assertTrue(assertThrows(DkgAbort.class, () -> new RevealsOnArrival(run.parameters(), partial)).managerAtFault());
    }

    @Test
    void acksTalliedOneByOneMergeToTheTallyOfAllAtOnce() throws Exception {
        TwoContributorDealing run = TwoContributorDealing.run();
        DkgTranscript expected = DkgTranscript.verified(run.parameters(), run.set(),
                Map.of(1, run.one().reveal(), 2, run.two().reveal()));
        Map<String, Acknowledgement> bySender = new TreeMap<>();
        for (String node : run.identities().keySet()) {
            PendingKey key = DkgRound3.receive(run.parameters(), run.directory(), node, new DkgRound3.Delivery(run.set(),
                    Map.of(1, run.one().reveal(), 2, run.two().reveal()), Map.of(1, run.one().shareFor(node).ciphertext(),
                    2, run.two().shareFor(node).ciphertext())), run.identities().get(node)::decrypt);
            bySender.put(node, key.acknowledge(run.identities().get(node)::sign));
            key.destroy();
        }
        // node-3's ack with a broken signature, and node-2's ack sent by node-3's name: both accused
        Acknowledgement three = bySender.get("node-3");
        byte[] forged = three.signature();
        forged[7] ^= 1;
        bySender.put("node-3", new Acknowledgement("node-3", 3, three.transcriptHash(), three.publicKey(), forged));
        for (Map<String, Acknowledgement> acks : List.of(Map.of("node-1", bySender.get("node-1"), "node-2",
                bySender.get("node-2")), bySender)) {
            Activation.Tally atOnce = Activation.tally(run.parameters(), run.directory(), expected, acks, Set.of("x"));
            List<Activation.Tally> parts = new ArrayList<>();
            acks.forEach((sender, ack) -> parts.add(Activation.tally(run.parameters(), run.directory(), expected,
                    Map.of(sender, ack), Set.of())));
            Activation.Tally merged = Activation.merged(run.directory(), parts, Set.of("x"));
            assertEquals(atOnce.kept(), merged.kept());
            assertEquals(atOnce.accused(), merged.accused());
            assertEquals(atOnce.uncovered(), merged.uncovered());
            assertEquals(atOnce.complainants(), merged.complainants());
        }
        Activation.Tally withForged = Activation.merged(run.directory(), List.of(Activation.tally(run.parameters(),
                run.directory(), expected, Map.of("node-3", bySender.get("node-3")), Set.of())), Set.of());
        assertInstanceOf(DkgFailure.AckInvalid.class, withForged.accused().get("node-3"));
        assertEquals(Set.of(1, 2, 3), withForged.uncovered());
    }
}
