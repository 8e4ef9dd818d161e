package io.sigil.crypto.dkg;

import io.sigil.crypto.SecretBytes;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.security.SecureRandom;
import java.util.List;

/**
 * What a contributor computes in round 1 (keygen §2.3) before it knows the session: the polynomial
 * {@code f_d} with t random coefficients, its commitments {@code A_{d,k} = a_{d,k}·G}, and the proof
 * of knowledge's nonce {@code k} with {@code R = k·G}. None of it depends on {@code dkg_sid}; only
 * the proof's challenge and response and {@code h_d} do, and {@link DkgRound1} computes those when the
 * session arrives. A node prepares one ahead, so the t + 1 fixed-base multiplications leave the
 * commit call (docs/keygen.md §6.1, "round 1 prepared ahead").
 *
 * <p>Used at most once: {@link #use} hands the secrets over and a second call throws, so no two
 * sessions ever share a polynomial or a nonce (a nonce used twice with two challenges would give
 * away {@code a_{d,0}}). Held in memory only; {@link #destroy} wipes what was not handed over.
 */
public final class ContributionMaterial {
    /** The secrets, handed over once. */
    record Secrets(SecretPolynomial polynomial, SecretBytes nonce) {
    }

    private final int threshold;
    private final List<Point> commitments;
    private final Point nonceCommitment;
    private Secrets secrets;

    private ContributionMaterial(int threshold, SecretPolynomial polynomial, SecretBytes nonce, Point nonceCommitment) {
        this.threshold = threshold;
        this.commitments = polynomial.commitments();
        this.nonceCommitment = nonceCommitment;
        this.secrets = new Secrets(polynomial, nonce);
    }

    /** Fresh material for a contribution with threshold {@code threshold}. */
    public static ContributionMaterial prepare(int threshold, SecureRandom rng) {
        Scalar nonce = Scalar.random(rng);
        return new ContributionMaterial(threshold, SecretPolynomial.random(threshold, rng),
                SecretBytes.wrap(nonce.toBytes()), Point.baseMultiply(nonce));
    }

    /** t, the number of coefficients. */
    public int threshold() {
        return threshold;
    }

    List<Point> commitments() {
        return commitments;
    }

    Point nonceCommitment() {
        return nonceCommitment;
    }

    /** Hands the secrets over; the caller wipes them. Throws if used or destroyed before. */
    synchronized Secrets use() {
        if (secrets == null) {
            throw new IllegalStateException("contribution material already used or destroyed");
        }
        Secrets handed = secrets;
        secrets = null;
        return handed;
    }

    /** Wipes the secrets unless they were handed over. */
    public synchronized void destroy() {
        if (secrets != null) {
            secrets.polynomial().destroy();
            secrets.nonce().destroy();
            secrets = null;
        }
    }

    @Override
    public String toString() {
        return "ContributionMaterial[t=" + threshold + "]";
    }
}
