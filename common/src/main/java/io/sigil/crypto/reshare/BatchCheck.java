package io.sigil.crypto.reshare;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Many equations {@code v_k·G == X_k} checked as one random linear combination
 * {@code (Σ_k r_k·v_k)·G == Σ_k r_k·X_k} with fresh 128-bit weights {@code r_k} drawn here, after
 * every {@code v_k} and {@code X_k} is fixed: true when every equation holds, and when one does not,
 * true with probability at most {@code 1/(2^128 − 1)} (docs/security.md, "Batch Feldman check").
 * The left side (secret-derived scalar) uses the constant-time fixed-base comb; the right side
 * (public points, the verifier's weights) one variable-time multi-scalar multiplication. A caller
 * that gets false checks each equation alone to name the failing ones.
 */
final class BatchCheck {
    private static final SecureRandom WEIGHTS = new SecureRandom();

    private BatchCheck() {
    }

    static boolean holds(List<Scalar> values, List<Point> images) {
        Scalar combined = Scalar.ZERO;
        List<Scalar> weights = new ArrayList<>(values.size());
        for (Scalar value : values) {
            Scalar weight = weight();
            weights.add(weight);
            combined = combined.add(weight.multiply(value));
        }
        return Point.baseMultiply(combined).subtract(Point.sumOfMultiplies(weights, images)).isInfinity();
    }

    /** One equation alone: {@code value·G == image}, compared without a field inversion. */
    static boolean holds(Scalar value, Point image) {
        return Point.baseMultiply(value).subtract(image).isInfinity();
    }

    /** A uniform nonzero 128-bit weight. */
    private static Scalar weight() {
        byte[] bytes = new byte[16];
        Scalar weight;
        do {
            WEIGHTS.nextBytes(bytes);
            weight = Scalar.fromBigInteger(new BigInteger(1, bytes));
        } while (weight.isZero());
        return weight;
    }
}
