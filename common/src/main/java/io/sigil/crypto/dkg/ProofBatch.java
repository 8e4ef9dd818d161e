package io.sigil.crypto.dkg;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * Every contributor's proof of knowledge (keygen §2.5 step 3) checked in one multiplication
 * (docs/keygen.md §6.1, "batched checks"): with weights {@code ρ_d} the verifier draws at random,
 * {@code Σ_d ρ_d·(z_d·G − c_d·A_{d,0} − R_d) == O}. When every proof holds, every term is O; when one
 * does not, its term is a non-zero point of the prime-order group and the sum is O for at most one
 * value of its {@code ρ_d} given the others, so a batch with a bad proof passes with probability at
 * most 2^-128 over 128-bit weights the contributors never see. Every value in it is public (proofs,
 * commitments) or the verifier's own random choice, so the variable-time interleaved multiplication
 * is allowed. A batch that fails is checked proof by proof in ascending contributor order, so the
 * culprit named is exactly the one the single check ({@link ProofOfKnowledge#verifies}) names.
 */
final class ProofBatch {
    /** 128-bit weights: the failure bound above, at a quarter of a full scalar's doublings. */
    private static final int WEIGHT_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ProofBatch() {
    }

    /**
     * The first contributor, in ascending order, whose proof of knowledge of {@code A_{d,0}} does not
     * verify; empty when every one does. Each reveal must already hold its t commitments.
     */
    static OptionalInt firstInvalid(byte[] sessionId, SortedMap<Integer, Reveal> reveals) {
        if (reveals.size() > 1 && holdsTogether(sessionId, reveals)) {
            return OptionalInt.empty();
        }
        for (Map.Entry<Integer, Reveal> entry : reveals.entrySet()) {
            Reveal reveal = entry.getValue();
            if (!reveal.proof().verifies(sessionId, entry.getKey(), reveal.commitments().get(0))) {
                return OptionalInt.of(entry.getKey());
            }
        }
        return OptionalInt.empty();
    }

    private static boolean holdsTogether(byte[] sessionId, SortedMap<Integer, Reveal> reveals) {
        List<Scalar> scalars = new ArrayList<>(2 * reveals.size() + 1);
        List<Point> points = new ArrayList<>(2 * reveals.size() + 1);
        Scalar generatorScalar = Scalar.ZERO;
        for (Map.Entry<Integer, Reveal> entry : reveals.entrySet()) {
            ProofOfKnowledge proof = entry.getValue().proof();
            Point image = entry.getValue().commitments().get(0);
            Scalar weight = weight();
            generatorScalar = generatorScalar.add(weight.multiply(proof.response()));
            scalars.add(weight.multiply(proof.challenge(sessionId, entry.getKey(), image)).negate());
            points.add(image);
            scalars.add(weight.negate());
            points.add(proof.commitment());
        }
        scalars.add(generatorScalar);
        points.add(Point.generator());
        return Point.sumOfMultiplies(scalars, points).isInfinity();
    }

    /** A uniformly random non-zero 128-bit weight. */
    private static Scalar weight() {
        byte[] bytes = new byte[Scalar.ENCODED_LENGTH];
        Scalar weight;
        do {
            RANDOM.nextBytes(bytes);
            java.util.Arrays.fill(bytes, 0, Scalar.ENCODED_LENGTH - WEIGHT_BYTES, (byte) 0);
            weight = Scalar.fromBytes(bytes);
        } while (weight.isZero());
        return weight;
    }
}
