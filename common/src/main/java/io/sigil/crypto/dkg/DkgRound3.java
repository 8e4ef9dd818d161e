package io.sigil.crypto.dkg;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.KeyShard;
import java.security.MessageDigest;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Round 3 — delivery and checks (keygen §2.5 steps 2–7), run by every signing node {@code v} of
 * committee {@code j}. Step 1 (the user's signed request, key id not in use) and the signatures of
 * the reveals are the service's; this class checks everything the cryptography decides and
 * refuses on the first failure, naming the contributor at fault:
 * <ol start="2">
 * <li>the commit set holds exactly D and every reveal is bound to that set's hash (else the
 *     manager's fault: it relayed them); every reveal recomputes its {@code h_d};</li>
 * <li>exactly t commitments per contributor, valid points, and the proof of knowledge;</li>
 * <li>each sealed share opens, is a scalar below q and passes the Feldman check (checked on the
 *     sum, contributor by contributor only to name a culprit: docs/keygen.md §6.1);</li>
 * <li>{@code s_j = Σ_d f_d(j)}, {@code C_k = Σ_d A_{d,k}}; zero or infinity aborts without culprit;</li>
 * <li>the transcript hash T and the chain code;</li>
 * <li>the {@link PendingKey}, whose {@link PendingKey#acknowledge} is this round's message.</li>
 * </ol>
 */
public final class DkgRound3 {

    private DkgRound3() {
    }

    /** Everything delivered to one node for one attempt. */
    public record Delivery(CommitSet commitSet, Map<Integer, Reveal> reveals, Map<Integer, byte[]> sealedShares) {
        public Delivery {
            reveals = Map.copyOf(reveals);
            sealedShares = Map.copyOf(sealedShares);
        }
    }

    /** Runs the checks for node {@code nodeId}; on success returns the pending record. */
    public static PendingKey receive(DkgParameters parameters, DkgDirectory directory, String nodeId,
            Delivery delivery, ShareSealing.Opener opener) throws DkgAbort {
        byte[] sessionId = parameters.sessionId();
        int committee = directory.member(nodeId).orElseThrow(() -> new IllegalArgumentException(
                "dkg round 3: " + nodeId + " is not a signing node of this epoch")).committee();
        parameters.checkContributors(directory);
        SortedMap<Integer, Reveal> reveals = checkReveals(parameters, sessionId, delivery.commitSet(),
                delivery.reveals(), false);
        SortedMap<Integer, Scalar> values = new TreeMap<>();
        Scalar sum = Scalar.ZERO;
        for (int contributor : reveals.keySet()) {
            Scalar value = ShareSealing.open(delivery.sealedShares().get(contributor),
                    ShareSealing.info(sessionId, contributor, committee, nodeId), opener, contributor,
                    shareField(contributor, committee), parameters.contributorNode(contributor), sessionId);
            if (value.isZero()) { // shares are in Z_q*, as the single Feldman check requires
                throw DkgAbort.blame(new DkgFailure.ShareInvalid(contributor, committee),
                        parameters.contributorNode(contributor), sessionId);
            }
            values.put(contributor, value);
            sum = sum.add(value);
        }
        DkgTranscript transcript = DkgTranscript.of(sessionId, reveals);
        if (sum.isZero() || !transcript.commitments().verifyShard(committee, sum)) {
            blameShareOffItsCommitments(parameters, sessionId, committee, reveals, values);
        }
        if (sum.isZero()) {
            throw DkgAbort.unattributed(new DkgFailure.DegenerateKey("s_j is zero"), sessionId);
        }
        return new PendingKey(parameters, nodeId, new KeyShard(committee, sum), transcript);
    }

    /**
     * Steps 2 and 3: binding to the commit set, h_d, commitment count, proof of knowledge (every
     * contributor's proof in one batch, {@link ProofBatch}, naming the first that fails).
     * {@code atManager} says who checks. The manager built the set itself, so a reveal bound to
     * another set is its contributor's fault there; a node cannot tell whether the contributor or the
     * relaying manager lied, and an honest manager would never have forwarded it, so at a node it is
     * the manager's fault.
     */
    static SortedMap<Integer, Reveal> checkReveals(DkgParameters parameters, byte[] sessionId, CommitSet commitSet,
            Map<Integer, Reveal> reveals, boolean atManager) throws DkgAbort {
        if (!commitSet.coversExactly(parameters)) {
            throw DkgAbort.blameManager(new DkgFailure.CommitSetInvalid("the set does not hold exactly D"), sessionId);
        }
        byte[] setHash = commitSet.digest(sessionId);
        SortedMap<Integer, Reveal> ordered = new TreeMap<>();
        for (int contributor : parameters.contributors().keySet()) {
            ordered.put(contributor, checkRevealForm(parameters, sessionId, commitSet, setHash, contributor,
                    reveals.get(contributor), atManager));
        }
        OptionalInt invalid = ProofBatch.firstInvalid(sessionId, ordered);
        if (invalid.isPresent()) {
            throw proofInvalid(parameters, invalid.getAsInt(), sessionId);
        }
        return ordered;
    }

    /**
     * Steps 2 and 3 for one contributor's reveal ({@code null}: it sent none), against the commit
     * set whose digest is {@code setHash}; the reveal when it passes.
     */
    static Reveal checkReveal(DkgParameters parameters, byte[] sessionId, CommitSet commitSet, byte[] setHash,
            int contributor, Reveal reveal, boolean atManager) throws DkgAbort {
        checkRevealForm(parameters, sessionId, commitSet, setHash, contributor, reveal, atManager);
        if (!reveal.proof().verifies(sessionId, contributor, reveal.commitments().get(0))) {
            throw proofInvalid(parameters, contributor, sessionId);
        }
        return reveal;
    }

    /** {@link #checkReveal} but the proof of knowledge, which the caller checks (alone or in a batch). */
    private static Reveal checkRevealForm(DkgParameters parameters, byte[] sessionId, CommitSet commitSet,
            byte[] setHash, int contributor, Reveal reveal, boolean atManager) throws DkgAbort {
        String culprit = parameters.contributorNode(contributor);
        if (reveal == null || reveal.contributor() != contributor) {
            throw DkgAbort.blame(new DkgFailure.RevealMissing("no reveal of committee " + contributor), culprit,
                    sessionId);
        }
        if (!MessageDigest.isEqual(reveal.commitSetHash(), setHash)) {
            DkgFailure failure = new DkgFailure.RevealMissing("reveal of committee " + contributor
                    + " is bound to another commit set");
            throw atManager ? DkgAbort.blame(failure, culprit, sessionId) : DkgAbort.blameManager(failure, sessionId);
        }
        if (!MessageDigest.isEqual(reveal.commitHash(sessionId), commitSet.hash(contributor))) {
            throw DkgAbort.blame(new DkgFailure.CommitMismatch(contributor), culprit, sessionId);
        }
        if (reveal.commitments().size() != parameters.threshold()) {
            throw DkgAbort.blame(new DkgFailure.WrongCommitmentCount(contributor, parameters.threshold(),
                    reveal.commitments().size()), culprit, sessionId);
        }
        return reveal;
    }

    private static DkgAbort proofInvalid(DkgParameters parameters, int contributor, byte[] sessionId) {
        return DkgAbort.blame(new DkgFailure.ProofInvalid(contributor), parameters.contributorNode(contributor),
                sessionId);
    }

    /**
     * Step 4's Feldman check, contributor by contributor in ascending order, once the batched check
     * of the sum failed ({@code s_j·G == Σ_k j^k·C_k}, which every set of valid values passes, since
     * both sides are sums of the single checks' sides): throws naming the first contributor whose
     * value is off its own commitments. Returns only if none is, which leaves a zero sum.
     */
    private static void blameShareOffItsCommitments(DkgParameters parameters, byte[] sessionId, int committee,
            SortedMap<Integer, Reveal> reveals, SortedMap<Integer, Scalar> values) throws DkgAbort {
        for (Map.Entry<Integer, Scalar> entry : values.entrySet()) {
            int contributor = entry.getKey();
            ShareSealing.checkFeldman(entry.getValue(), reveals.get(contributor).commitments(), contributor, committee,
                    parameters.contributorNode(contributor), sessionId);
        }
    }

    private static String shareField(int contributor, int committee) {
        return "f_" + contributor + "(" + committee + ")";
    }
}
