package io.sigil.crypto.dkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.PeerKeys;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The checks of keygen §2.5 steps 3 and 4 as a node runs them, batched (docs/keygen.md §6.1,
 * "batched checks"): every proof of knowledge in one random linear combination, the Feldman check on
 * the sum of the values; a failure is named contributor by contributor as the single checks name it.
 */
class BatchedChecksTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final byte[] SESSION = new byte[32];

    @Test
    void aBatchOfHonestProofsPassesAndABadProofIsNamedWhereverItSits() {
        for (int bad = 1; bad <= 4; bad++) {
            SortedMap<Integer, Reveal> reveals = new TreeMap<>();
            for (int contributor = 1; contributor <= 4; contributor++) {
                reveals.put(contributor, honestReveal(contributor));
            }
            assertEquals(OptionalInt.empty(), ProofBatch.firstInvalid(SESSION, reveals));
            Reveal honest = reveals.get(bad);
            ProofOfKnowledge proof = honest.proof();
            reveals.put(bad, withProof(honest, new ProofOfKnowledge(proof.commitment(),
                    proof.response().add(Scalar.ONE))));
            assertEquals(OptionalInt.of(bad), ProofBatch.firstInvalid(SESSION, reveals));
        }
    }

    @Test
    void twoBadProofsNameTheLowerContributor() {
        SortedMap<Integer, Reveal> reveals = new TreeMap<>();
        for (int contributor = 1; contributor <= 3; contributor++) {
            reveals.put(contributor, honestReveal(contributor));
        }
        reveals.put(3, withProof(reveals.get(3), reveals.get(1).proof()));
        reveals.put(2, withProof(reveals.get(2), reveals.get(1).proof()));
        assertEquals(OptionalInt.of(2), ProofBatch.firstInvalid(SESSION, reveals));
    }

    /**
     * The attack on a batch without random weights: two colluding contributors shift their nonce
     * commitments by +Δ and −Δ, so each proof fails alone while the plain sum of the two equations
     * holds. The random weights break the cancellation and the first one is named.
     */
    @Test
    void proofsWhoseErrorsCancelInAPlainSumAreStillRefused() {
        Point shift = Point.baseMultiply(Scalar.random(RNG));
        Reveal first = shiftedProof(1, shift);
        Reveal second = shiftedProof(2, shift.negate());
        SortedMap<Integer, Reveal> reveals = new TreeMap<>(Map.of(1, first, 2, second));
        Point plainSum = Point.infinity();
        for (Map.Entry<Integer, Reveal> entry : reveals.entrySet()) {
            ProofOfKnowledge proof = entry.getValue().proof();
            Point image = entry.getValue().commitments().get(0);
            plainSum = plainSum.add(Point.baseMultiply(proof.response())
                    .subtract(image.multiply(proof.challenge(SESSION, entry.getKey(), image)))
                    .subtract(proof.commitment()));
        }
        assertTrue(plainSum.isInfinity(), "the unweighted batch equation holds");
        for (int round = 0; round < 20; round++) {
            assertEquals(OptionalInt.of(1), ProofBatch.firstInvalid(SESSION, reveals));
        }
    }

    @Test
    void aShareOffItsCommitmentsIsNamedThoughOnlyTheSumIsCheckedFirst() throws Exception {
        Dealing dealing = Dealing.run();
        for (int contributor = 1; contributor <= 2; contributor++) {
            Map<Integer, byte[]> shares = new HashMap<>(dealing.sharesForNode3);
            Scalar off = dealing.value(contributor).add(Scalar.ONE);
            shares.put(contributor, dealing.sealFor3(contributor, off));
            DkgAbort abort = assertThrows(DkgAbort.class, () -> dealing.receive(shares));
            assertEquals(new DkgFailure.ShareInvalid(contributor, 3), abort.failure());
            assertEquals(List.of("node-" + contributor), List.copyOf(abort.culprits()));
        }
        Map<Integer, byte[]> zero = new HashMap<>(dealing.sharesForNode3);
        zero.put(2, dealing.sealFor3(2, Scalar.ZERO));
        DkgAbort abort = assertThrows(DkgAbort.class, () -> dealing.receive(zero));
        assertEquals(new DkgFailure.ShareInvalid(2, 3), abort.failure(), "a zero value is refused as before");
    }

    /**
     * Two colluding contributors whose values for one node are off by +δ and −δ: each is off its own
     * commitments, yet the node's share, the only thing it keeps, is exactly the honest one, so the
     * check on the sum accepts it (the departure docs/keygen.md §6.1 argues).
     */
    @Test
    void valuesWhoseErrorsCancelLeaveExactlyTheHonestShare() throws Exception {
        Dealing dealing = Dealing.run();
        PendingKey honest = dealing.receive(dealing.sharesForNode3);
        Scalar delta = Scalar.random(RNG);
        Map<Integer, byte[]> shifted = new HashMap<>();
        shifted.put(1, dealing.sealFor3(1, dealing.value(1).add(delta)));
        shifted.put(2, dealing.sealFor3(2, dealing.value(2).add(delta.negate())));
        PendingKey accepted = dealing.receive(shifted);
        assertEquals(honest.shard().share(), accepted.shard().share());
        assertTrue(accepted.commitments().verifyShard(accepted.shard()));
    }

    private static Reveal honestReveal(int contributor) {
        SecretPolynomial polynomial = SecretPolynomial.random(2, RNG);
        List<Point> commitments = polynomial.commitments();
        ProofOfKnowledge proof = ProofOfKnowledge.prove(SESSION, contributor, polynomial.coefficient(0),
                commitments.get(0), RNG);
        polynomial.destroy();
        return new Reveal(contributor, new byte[32], commitments, proof);
    }

    private static Reveal withProof(Reveal reveal, ProofOfKnowledge proof) {
        return new Reveal(reveal.contributor(), reveal.commitSetHash(), reveal.commitments(), proof);
    }

    /** A proof made for nonce commitment {@code R} but carrying {@code R + shift}: its equation is off by −shift. */
    private static Reveal shiftedProof(int contributor, Point shift) {
        Scalar secret = Scalar.random(RNG);
        Point image = Point.baseMultiply(secret);
        Scalar nonce = Scalar.random(RNG);
        Point shifted = Point.baseMultiply(nonce).add(shift);
        Scalar challenge = new ProofOfKnowledge(shifted, Scalar.ONE).challenge(SESSION, contributor, image);
        ProofOfKnowledge proof = new ProofOfKnowledge(shifted, nonce.add(challenge.multiply(secret)));
        return new Reveal(contributor, new byte[32], List.of(image, Point.baseMultiply(Scalar.random(RNG))), proof);
    }

    /** node-3's view of {@link TwoContributorDealing}. */
    private record Dealing(TwoContributorDealing dealing, NodeIdentity node3, Map<Integer, Reveal> reveals,
                           Map<Integer, byte[]> sharesForNode3) {
        static Dealing run() throws DkgAbort {
            TwoContributorDealing run = TwoContributorDealing.run();
            Map<Integer, Reveal> reveals = new HashMap<>();
            Map<Integer, byte[]> shares = new HashMap<>();
            for (int contributor = 1; contributor <= 2; contributor++) {
                reveals.put(contributor, run.dealt(contributor).reveal());
                shares.put(contributor, run.dealt(contributor).shareFor("node-3").ciphertext());
            }
            return new Dealing(run, run.identities().get("node-3"), reveals, shares);
        }

        Scalar value(int contributor) throws DkgAbort {
            return ShareSealing.openChecked(sharesForNode3.get(contributor), info(contributor), node3::decrypt,
                    reveals.get(contributor).commitments(), contributor, 3, "share", "node-" + contributor,
                    dealing.parameters().sessionId());
        }

        byte[] sealFor3(int contributor, Scalar value) {
            return PeerKeys.of(node3.identityKey(), node3.encryptionKey()).encrypt(value.toBytes(), info(contributor));
        }

        PendingKey receive(Map<Integer, byte[]> shares) throws DkgAbort {
            return DkgRound3.receive(dealing.parameters(), dealing.directory(), "node-3",
                    new DkgRound3.Delivery(dealing.set(), reveals, shares), node3::decrypt);
        }

        private byte[] info(int contributor) {
            return ShareSealing.info(dealing.parameters().sessionId(), contributor, 3, "node-3");
        }
    }
}
