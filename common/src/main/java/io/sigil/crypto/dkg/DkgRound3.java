package io.sigil.crypto.dkg;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.KeyShard;
import java.security.MessageDigest;
import java.util.Map;
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
 * <li>each sealed share opens, is a scalar below q and passes the Feldman check;</li>
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
        Scalar sum = Scalar.ZERO;
        for (Map.Entry<Integer, Reveal> entry : reveals.entrySet()) {
            Scalar value = openShare(parameters, sessionId, entry.getKey(), committee, nodeId,
                    delivery.sealedShares().get(entry.getKey()), entry.getValue(), opener);
            sum = sum.add(value);
        }
        if (sum.isZero()) {
            throw DkgAbort.unattributed(new DkgFailure.DegenerateKey("s_j is zero"), sessionId);
        }
        DkgTranscript transcript = DkgTranscript.of(sessionId, reveals);
        return new PendingKey(parameters, nodeId, new KeyShard(committee, sum), transcript);
    }

    /**
     * Steps 2 and 3: binding to the commit set, h_d, commitment count, proof of knowledge.
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
            ordered.put(contributor, checkReveal(parameters, sessionId, commitSet, setHash, contributor,
                    reveals.get(contributor), atManager));
        }
        return ordered;
    }

    /**
     * Steps 2 and 3 for one contributor's reveal ({@code null}: it sent none), against the commit
     * set whose digest is {@code setHash}; the reveal when it passes.
     */
    static Reveal checkReveal(DkgParameters parameters, byte[] sessionId, CommitSet commitSet, byte[] setHash,
            int contributor, Reveal reveal, boolean atManager) throws DkgAbort {
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
        if (!reveal.proof().verifies(sessionId, contributor, reveal.commitments().get(0))) {
            throw DkgAbort.blame(new DkgFailure.ProofInvalid(contributor), culprit, sessionId);
        }
        return reveal;
    }

    /** Step 4: open, decode strictly, Feldman-check {@code f_d(j)}. */
    private static Scalar openShare(DkgParameters parameters, byte[] sessionId, int contributor, int committee,
            String nodeId, byte[] ciphertext, Reveal reveal, ShareSealing.Opener opener) throws DkgAbort {
        return ShareSealing.openChecked(ciphertext, ShareSealing.info(sessionId, contributor, committee, nodeId), opener,
                reveal.commitments(), contributor, committee, "f_" + contributor + "(" + committee + ")",
                parameters.contributorNode(contributor), sessionId);
    }
}
