package io.sigil.testing.reshare;

import static io.sigil.testing.dkg.InMemoryDkgNetwork.EPOCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkg.AckScope;
import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgFailure;
import io.sigil.crypto.dkg.DkgRound2.SealedShare;
import io.sigil.crypto.dkg.SecretPolynomial;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.FeldmanCommitments;
import io.sigil.crypto.reshare.KeyPublicRecord;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.crypto.reshare.ReshareRound1;
import io.sigil.crypto.reshare.ReshareSealing;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Attacks on a reshare (keygen §3.4), each performed by a contributor with a node's keys or by a
 * relaying manager: every one is refused by the manager and by every new node, naming the party at
 * fault, and nothing is activated; a retry without the accused contributor succeeds.
 */
class ReshareFaultTest {

    private static final SecureRandom RNG = new SecureRandom();

    /** Contributor 2 deals a polynomial of its own choosing (moving the key toward a value it knows). */
    @Test
    void aContributorThatDealsAnotherConstantIsNamed() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 1, 2, RNG);
        InMemoryReshareNetwork reshare = old.toNewNodes(3, 1, 2, RNG);
        ReshareParameters parameters = reshare.parameters();
        reshare.interceptor(new ReshareInterceptor() {
            @Override
            public ReshareRound1.Message contribution(int committee, ReshareRound1.Message honest) {
                return committee == 2 ? dealt(parameters, 2, honest.record(), Scalar.random(RNG), 2, reshare.newDirectory())
                        : honest;
            }
        });
        ReshareOutcome outcome = reshare.run();
        assertRefusedEverywhere(outcome, reshare, DkgFailure.ConstantTermMismatch.class, "c2-r1");
    }

    /** The threshold-raise attack: t'+1 commitments (and a polynomial of that degree). */
    @Test
    void oneCommitmentTooManyIsNamed() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 1, 2, RNG);
        InMemoryReshareNetwork reshare = old.toNewNodes(3, 1, 2, RNG);
        ReshareParameters parameters = reshare.parameters();
        Scalar lambdaShare = parameters.lagrange(1).multiply(old.outcome().pending().get("c1-r1").shard().share());
        reshare.interceptor(new ReshareInterceptor() {
            @Override
            public ReshareRound1.Message contribution(int committee, ReshareRound1.Message honest) {
                return committee == 1 ? dealt(parameters, 1, honest.record(), lambdaShare, 3, reshare.newDirectory())
                        : honest;
            }
        });
        ReshareOutcome outcome = reshare.run();
        DkgAbort atManager = outcome.managerAbort();
        assertNotNull(atManager);
        assertEquals(new DkgFailure.WrongCommitmentCount(1, 2, 3), atManager.failure());
        assertRefusedEverywhere(outcome, reshare, DkgFailure.WrongCommitmentCount.class, "c1-r1");
    }

    /**
     * A corrupt value sealed to one new node: only that node can tell, it names the contributor, the
     * manager does not activate (a complaint), and the retry without that contributor activates.
     */
    @Test
    void aBadShareToOneNodeIsNamedAndTheRetryWithoutItSucceeds() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 2, 2, RNG);
        InMemoryReshareNetwork reshare = old.toNewNodes(3, 2, 2, RNG);
        String victim = "e8-c3-r2";
        reshare.interceptor(new ReshareInterceptor() {
            @Override
            public ReshareRound1.Message contributionTo(String node, int committee, ReshareRound1.Message message) {
                if (!node.equals(victim) || committee != 1) {
                    return message;
                }
                List<SealedShare> shares = new ArrayList<>();
                for (SealedShare share : message.shares()) {
                    shares.add(share.nodeId().equals(victim) ? new SealedShare(victim, share.committee(),
                            reshare.newDirectory().member(victim).orElseThrow().keys().encrypt(
                                    Scalar.random(RNG).toBytes(), ReshareSealing.info(reshare.parameters().sessionId(),
                                            1, share.committee(), victim))) : share);
                }
                return new ReshareRound1.Message(message.contributor(), message.record(), message.commitments(), shares);
            }
        });
        ReshareOutcome outcome = reshare.run();
        assertEquals(Set.of(victim), outcome.nodeAborts().keySet());
        DkgAbort abort = outcome.nodeAborts().get(victim);
        assertEquals(new DkgFailure.ShareInvalid(1, 3), abort.failure());
        assertEquals(Set.of("c1-r1"), abort.culprits());
        assertFalse(outcome.tally().activates(), "a complaint stops activation");
        assertTrue(outcome.active().isEmpty());

        ReshareOutcome retry = reshare.interceptor(ReshareInterceptor.NONE).attempt(2)
                .contributors(new TreeMap<>(Map.of(2, "c2-r1", 3, "c3-r2"))).run();
        assertEquals(reshare.newNodes(), retry.active(), () -> "aborts: " + retry.allAborts());
    }

    /**
     * A contributor sends a record with its own account key (to take the key over in the new
     * epoch): with t = 3 the two honest copies agree, and the odd one out is named.
     */
    @Test
    void aContributorWithAnotherRecordIsNamed() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(4, 1, 3, RNG);
        InMemoryReshareNetwork reshare = old.toNewNodes(4, 1, 3, RNG);
        reshare.interceptor(new ReshareInterceptor() {
            @Override
            public ReshareRound1.Message contribution(int committee, ReshareRound1.Message honest) {
                if (committee != 3) {
                    return honest;
                }
                KeyPublicRecord record = honest.record();
                KeyPublicRecord stolen = new KeyPublicRecord(record.userId(), record.keyId(), new byte[32],
                        record.threshold(), record.commitments(), record.chainCode());
                return new ReshareRound1.Message(3, stolen, honest.commitments(), honest.shares());
            }
        });
        ReshareOutcome outcome = reshare.run();
        assertRefusedEverywhere(outcome, reshare, DkgFailure.RecordsDisagree.class, "c3-r1");
    }

    /** With t = 2 a disagreement is a tie: both contributors are named, and nothing activates. */
    @Test
    void aTieBetweenTwoRecordsNamesBothContributors() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 1, 2, RNG);
        InMemoryReshareNetwork reshare = old.toNewNodes(3, 1, 2, RNG);
        reshare.interceptor(new ReshareInterceptor() {
            @Override
            public ReshareRound1.Message contribution(int committee, ReshareRound1.Message honest) {
                if (committee != 2) {
                    return honest;
                }
                KeyPublicRecord record = honest.record();
                return new ReshareRound1.Message(2, new KeyPublicRecord(record.userId(), record.keyId(),
                        record.accountKey(), record.threshold(), record.commitments(), new byte[32]),
                        honest.commitments(), honest.shares());
            }
        });
        ReshareOutcome outcome = reshare.run();
        assertEquals(Set.of("c1-r1", "c2-r1"), outcome.managerAbort().culprits());
        outcome.nodeAborts().values().forEach(abort -> assertEquals(Set.of("c1-r1", "c2-r1"), abort.culprits()));
        assertEquals(reshare.newNodes(), outcome.nodeAborts().keySet());
    }

    /** The manager names a node of committee 2 as committee 1's contributor: every new node refuses P. */
    @Test
    void aContributorOutsideItsCommitteeIsTheManagersFault() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 2, 2, RNG);
        Map<String, io.sigil.crypto.feldman.KeyShard> shards = old.shards();
        shards.put("c2-r2", shards.get("c1-r1"));
        InMemoryReshareNetwork reshare = InMemoryReshareNetwork.toNewNodes(EPOCH,
                old.network().directory(), shards, InMemoryReshareNetwork.recordOf(old.anyRecord()), 3, 1, 2, RNG)
                .contributors(new TreeMap<>(Map.of(1, "c2-r2", 3, "c3-r1")));
        ReshareOutcome outcome = reshare.run();
        assertEquals(reshare.newNodes(), outcome.nodeAborts().keySet());
        outcome.nodeAborts().values().forEach(abort -> {
            assertTrue(abort.managerAtFault(), abort::getMessage);
            assertTrue(abort.culprits().isEmpty());
        });
        assertTrue(outcome.active().isEmpty());
    }

    /** A contributor whose stored shard is not the record's (say, a bad restore) refuses rather than deal it. */
    @Test
    void aContributorWithAWrongShardRefusesToDeal() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 1, 2, RNG);
        Map<String, io.sigil.crypto.feldman.KeyShard> shards = old.shards();
        shards.put("c1-r1", new io.sigil.crypto.feldman.KeyShard(1, Scalar.random(RNG)));
        InMemoryReshareNetwork reshare = InMemoryReshareNetwork.toNewNodes(EPOCH,
                old.network().directory(), shards, InMemoryReshareNetwork.recordOf(old.anyRecord()), 3, 1, 2, RNG);
        ReshareOutcome outcome = reshare.run();
        assertEquals(Set.of("c1-r1"), outcome.contributorAborts().keySet());
        assertEquals(new DkgFailure.ShardMismatch(1), outcome.contributorAborts().get("c1-r1").failure());
        assertTrue(outcome.pending().isEmpty());
    }

    /** A new node that acknowledges another transcript is accused, and its committee stays uncovered. */
    @Test
    void anAcknowledgementOfAnotherTranscriptIsAccused() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 1, 2, RNG);
        InMemoryReshareNetwork reshare = old.toNewNodes(3, 1, 2, RNG);
        String liar = "e8-c2-r1";
        byte[] other = new byte[32];
        reshare.interceptor(forgingAckOf(reshare, liar, other, honest -> new AckScope(AckScope.RESHARE, "user-1",
                "key-1", 8).digest(liar, 2, other, honest.publicKey())));
        ReshareOutcome outcome = reshare.run();
        assertInstanceOf(DkgFailure.AcksDisagree.class, outcome.tally().accused().get(liar));
        assertEquals(Set.of(2), outcome.tally().uncovered());
        assertFalse(outcome.tally().activates());
    }

    /** A key-generation acknowledgement does not count as a reshare acknowledgement (another label). */
    @Test
    void aKeyGenerationAcknowledgementIsNotAReshareAcknowledgement() {
        ReshareFixtures.GeneratedEpoch old = ReshareFixtures.generated(3, 1, 2, RNG);
        InMemoryReshareNetwork reshare = old.toNewNodes(3, 1, 2, RNG);
        String node = "e8-c1-r1";
        reshare.interceptor(forgingAckOf(reshare, node, null, honest -> Acknowledgement.digest(node, "user-1", "key-1",
                8, 1, honest.transcriptHash(), honest.publicKey())));
        ReshareOutcome outcome = reshare.run();
        assertInstanceOf(DkgFailure.AckInvalid.class, outcome.tally().accused().get(node));
        assertFalse(outcome.tally().activates());
    }


    /**
     * {@code node} acknowledges with its real key, but signs {@code digest} (computed from its honest
     * ack) over {@code transcript} (its honest transcript when null).
     */
    private static ReshareInterceptor forgingAckOf(InMemoryReshareNetwork reshare, String node, byte[] transcript,
            Function<Acknowledgement, byte[]> digest) {
        return new ReshareInterceptor() {
            @Override
            public Acknowledgement acknowledgement(String sender, Acknowledgement honest) {
                if (!sender.equals(node)) {
                    return honest;
                }
                return new Acknowledgement(node, honest.committee(),
                        transcript == null ? honest.transcriptHash() : transcript, honest.publicKey(),
                        reshare.newIdentity(node).sign(digest.apply(honest)));
            }
        };
    }

    /** A contribution with a chosen constant term and degree, sealed correctly to every new node. */
    static ReshareRound1.Message dealt(ReshareParameters parameters, int contributor, KeyPublicRecord record,
            Scalar constant, int coefficients, DkgDirectory newNodes) {
        SecretPolynomial polynomial = SecretPolynomial.withConstant(constant, coefficients, RNG);
        List<SealedShare> shares = new ArrayList<>();
        for (DkgDirectory.Member member : newNodes.members()) {
            byte[] info = ReshareSealing.info(parameters.sessionId(), contributor, member.committee(), member.nodeId());
            shares.add(new SealedShare(member.nodeId(), member.committee(),
                    member.keys().encrypt(polynomial.evaluate(member.committee()).toBytes(), info)));
        }
        List<Point> commitments = polynomial.commitments();
        polynomial.destroy();
        return new ReshareRound1.Message(contributor, record, commitments, shares);
    }

    private static void assertRefusedEverywhere(ReshareOutcome outcome, InMemoryReshareNetwork reshare,
            Class<? extends DkgFailure> failure, String culprit) {
        assertNotNull(outcome.managerAbort(), "the manager's own check refuses");
        assertInstanceOf(failure, outcome.managerAbort().failure());
        assertEquals(Set.of(culprit), outcome.managerAbort().culprits());
        assertEquals(reshare.newNodes(), outcome.nodeAborts().keySet(), "every new node refuses");
        outcome.nodeAborts().values().forEach(abort -> {
            assertInstanceOf(failure, abort.failure());
            assertEquals(Set.of(culprit), abort.culprits());
        });
        assertNull(outcome.tally());
        assertTrue(outcome.active().isEmpty());
    }
}
