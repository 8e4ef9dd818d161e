package io.sigil.crypto.dkg;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.security.SecureRandom;

/**
 * Schnorr proof of knowledge of a contributor's constant term {@code a_{d,0}} (keygen §2.3):
 * {@code R = k·G}, {@code c = H2S("dkg-pok"; dkg_sid, u32(d), A_{d,0}, R)}, {@code z = k + c·a_{d,0}};
 * {@code π_d = R ‖ z}. It rules out rogue keys {@code A_{d,0} = X − Σ others} (§2.8). Bound to the
 * session and the contributor, so a proof cannot be replayed from another attempt or committee.
 */
public record ProofOfKnowledge(Point commitment, Scalar response) {

    /** {@code π_d} is 33 + 32 bytes. */
    public static final int ENCODED_LENGTH = Point.ENCODED_LENGTH + Scalar.ENCODED_LENGTH;

    public ProofOfKnowledge {
        if (commitment.isInfinity()) {
            throw new IllegalArgumentException("proof of knowledge: R is the point at infinity");
        }
    }

    static ProofOfKnowledge prove(byte[] sessionId, int contributor, Scalar secret, Point image, SecureRandom rng) {
        Scalar nonce = Scalar.random(rng);
        return prove(sessionId, contributor, secret, image, nonce, Point.baseMultiply(nonce));
    }

    /** With the nonce {@code k} and {@code R = k·G} drawn earlier ({@link ContributionMaterial}); k is used once. */
    static ProofOfKnowledge prove(byte[] sessionId, int contributor, Scalar secret, Point image, Scalar nonce, Point r) {
        Scalar challenge = challenge(sessionId, contributor, image, r);
        return new ProofOfKnowledge(r, nonce.add(challenge.multiply(secret)));
    }

    /**
     * {@code z·G == R + c·A_{d,0}}, computed as {@code z·G + (−c)·A_{d,0} == R} in one interleaved
     * multiplication: every value in it is public (the proof and the commitment are revealed), so the
     * variable-time combined multiplication is allowed, and it costs about one multiplication instead
     * of two (docs/keygen.md §6.1).
     */
    public boolean verifies(byte[] sessionId, int contributor, Point image) {
        return Point.sumOfProducts(response, Point.generator(), challenge(sessionId, contributor, image).negate(), image)
                .equals(commitment);
    }

    /** This proof's {@code c}, bound to the session, the contributor and {@code A_{d,0}} ({@link ProofBatch}). */
    Scalar challenge(byte[] sessionId, int contributor, Point image) {
        return challenge(sessionId, contributor, image, commitment);
    }

    /** {@code R ‖ z}. */
    public byte[] encode() {
        return Encoding.concat(commitment.encode(), response.toBytes());
    }

    private static Scalar challenge(byte[] sessionId, int contributor, Point image, Point r) {
        return LifecycleHash.h2s("dkg-pok", sessionId, Encoding.u32(contributor), image.encode(), r.encode());
    }

    @Override
    public String toString() {
        return "ProofOfKnowledge[R=" + commitment + "]";
    }
}
