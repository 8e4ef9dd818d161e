package io.sigil.crypto.dkg;

import io.sigil.crypto.SecretBytes;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Round 1 — commit (keygen §2.3), run by the contributing node of committee {@code d}: sample
 * {@code f_d} with t coefficients in Zq*, commit {@code A_{d,k} = a_{d,k}·G}, prove knowledge of
 * {@code a_{d,0}}, and send only the hash {@code h_d}. Commitments are fixed before anyone reveals,
 * so no contributor can choose its polynomial after seeing the others' (no grinding of PK, §2.8).
 *
 * <p>{@link #finish(CommitSet)} consumes this round: the polynomial (or, after
 * {@link #sealAhead}, only the shares sealed from it) moves into {@link DkgRound2}.
 */
public final class DkgRound1 {

    /** What the contributor sends the manager (signed by the node, service side). */
    public record Message(int contributor, byte[] commitHash) {
        public Message {
            commitHash = commitHash.clone();
        }

        @Override
        public byte[] commitHash() {
            return commitHash.clone();
        }
    }

    private final DkgParameters parameters;
    private final byte[] sessionId;
    private final int contributor;
    private final List<Point> commitments;
    private final ProofOfKnowledge proof;
    private final byte[] commitHash;
    private SecretPolynomial polynomial;
    private List<DkgRound2.SealedShare> sealedAhead;
    private boolean finished;

    private DkgRound1(DkgParameters parameters, int contributor, ContributionMaterial material) {
        if (material.threshold() != parameters.threshold()) {
            throw new IllegalArgumentException("dkg round 1: material for t = " + material.threshold()
                    + ", the attempt has t = " + parameters.threshold());
        }
        ContributionMaterial.Secrets secrets = material.use();
        this.parameters = parameters;
        this.sessionId = parameters.sessionId();
        this.contributor = contributor;
        this.polynomial = secrets.polynomial();
        this.commitments = material.commitments();
        byte[] nonce = secrets.nonce().bytes();
        try {
            this.proof = ProofOfKnowledge.prove(sessionId, contributor, polynomial.coefficient(0), commitments.get(0),
                    Scalar.fromBytes(nonce), material.nonceCommitment());
        } finally {
            SecretBytes.wipe(nonce);
            secrets.nonce().destroy();
        }
        this.commitHash = Reveal.commitHash(sessionId, contributor, commitments, proof);
    }

    /** Starts round 1 for committee {@code contributor}, which must be in D. */
    public static DkgRound1 start(DkgParameters parameters, int contributor, SecureRandom rng) {
        parameters.contributorNode(contributor);
        return start(parameters, contributor, ContributionMaterial.prepare(parameters.threshold(), rng));
    }

    /**
     * Starts round 1 from material prepared ahead (for this attempt's t), which it uses up, also
     * when it refuses (the material is wiped then); only the session-bound parts, the proof's
     * challenge and response and {@code h_d}, are computed here.
     */
    public static DkgRound1 start(DkgParameters parameters, int contributor, ContributionMaterial material) {
        try {
            parameters.contributorNode(contributor);
            return new DkgRound1(parameters, contributor, material);
        } catch (RuntimeException refused) {
            material.destroy();
            throw refused;
        }
    }

    /**
     * The public values this contributor will reveal in round 2 (commitment set hash not yet
     * known), for the contributor's own records and for tests that play a contributor deviating
     * from the protocol. Never send them before the commit set is fixed.
     */
    public Reveal unboundReveal() {
        return new Reveal(contributor, new byte[32], commitments, proof);
    }

    public Message message() {
        return new Message(contributor, commitHash);
    }

    /**
     * Checks the commit set the manager relays (keygen §2.4): exactly the committees of D, and this
     * contributor's own {@code h_d} unaltered. Otherwise the manager's set is invalid (no node is
     * blamed) and the polynomial is wiped.
     */
    public synchronized DkgRound2 finish(CommitSet commitSet) throws DkgAbort {
        if (finished) {
            throw new IllegalStateException("dkg round 1 already finished or destroyed");
        }
        finished = true;
        SecretPolynomial secret = polynomial;
        List<DkgRound2.SealedShare> sealed = sealedAhead;
        polynomial = null;
        sealedAhead = null;
        if (!commitSet.coversExactly(parameters)) {
            wipe(secret);
            throw DkgAbort.blameManager(new DkgFailure.CommitSetInvalid("the set does not hold exactly the "
                    + parameters.threshold() + " contributors of D"), sessionId);
        }
        byte[] mine = commitSet.hash(contributor);
        if (!Arrays.equals(mine, commitHash)) {
            wipe(secret);
            throw DkgAbort.blameManager(new DkgFailure.CommitSetInvalid("h_" + contributor
                    + " in the set is not the one this contributor sent"), sessionId);
        }
        Reveal reveal = new Reveal(contributor, commitSet.digest(sessionId), commitments, proof);
        return new DkgRound2(parameters, sessionId, reveal, secret, sealed);
    }

    /**
     * Seals {@code f_d(j)} to every signing node now, while the manager collects the other
     * commitments, and wipes the polynomial: round 2 then only checks the commit set and releases
     * them. The shares depend on {@code dkg_sid}, not on the commit set, and nothing leaves this
     * object before {@link #finish} accepted the set, so sealing early reveals nothing early.
     * Does nothing if already sealed, finished or destroyed.
     */
    public synchronized void sealAhead(DkgDirectory directory) {
        if (finished || polynomial == null || sealedAhead != null) {
            return;
        }
        sealedAhead = DkgRound2.seal(parameters, sessionId, contributor, polynomial, directory);
        polynomial.destroy();
        polynomial = null;
    }

    /** Wipes the polynomial without finishing (e.g. the attempt was abandoned). */
    public synchronized void destroy() {
        finished = true;
        sealedAhead = null;
        wipe(polynomial);
        polynomial = null;
    }

    private static void wipe(SecretPolynomial secret) {
        if (secret != null) {
            secret.destroy();
        }
    }

    @Override
    public String toString() {
        return "DkgRound1[contributor=" + contributor + "]";
    }
}
