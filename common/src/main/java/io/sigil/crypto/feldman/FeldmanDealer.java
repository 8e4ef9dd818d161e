package io.sigil.crypto.feldman;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's client as Feldman dealer (spec §2.1): {@code f(X) = x + a_1·X + … + a_{t−1}·X^{t−1}}
 * with {@code a_k ← Z_q*}; committee {@code i} gets {@code x_i = f(i)}, everyone gets
 * {@code C_0 = x·G, C_k = a_k·G}. Threshold 1 is refused by design: it would hand the whole key
 * to every committee.
 */
public final class FeldmanDealer {

    private FeldmanDealer() {
    }

    /** Splits an existing key {@code secret ∈ Z_q*} into n shards with threshold t. */
    public static DealtKey split(Scalar secret, int threshold, int parties, SecureRandom rng) {
        checkParameters(threshold, parties);
        if (secret.isZero()) {
            throw new IllegalArgumentException("feldman: the secret key must be non-zero");
        }
        List<Scalar> polynomial = new ArrayList<>(threshold);
        polynomial.add(secret);
        for (int k = 1; k < threshold; k++) {
            polynomial.add(Scalar.random(rng));
        }
        List<Point> commitments = new ArrayList<>(threshold);
        for (Scalar coefficient : polynomial) {
            commitments.add(Point.baseMultiply(coefficient));
        }
        List<KeyShard> shards = new ArrayList<>(parties);
        for (int index = 1; index <= parties; index++) {
            Scalar share = evaluate(polynomial, index);
            if (share.isZero()) {
                // f(i) = 0 has probability about n·2^-256; an honest dealer simply starts over.
                return split(secret, threshold, parties, rng);
            }
            shards.add(new KeyShard(index, share));
        }
        // The coefficient Scalars cannot be wiped (BigInteger); drop the references promptly.
        polynomial.clear();
        return new DealtKey(new FeldmanCommitments(commitments), shards);
    }

    /** Generates a fresh key {@code x ← Z_q*} and splits it. */
    public static DealtKey generate(int threshold, int parties, SecureRandom rng) {
        checkParameters(threshold, parties);
        return split(Scalar.random(rng), threshold, parties, rng);
    }

    private static Scalar evaluate(List<Scalar> polynomial, int index) {
        Scalar x = Scalar.fromLong(index);
        Scalar acc = polynomial.get(polynomial.size() - 1);
        for (int k = polynomial.size() - 2; k >= 0; k--) {
            acc = acc.multiply(x).add(polynomial.get(k));
        }
        return acc;
    }

    private static void checkParameters(int threshold, int parties) {
        if (threshold < 2) {
            throw new IllegalArgumentException("feldman: threshold " + threshold
                    + " refused; it must be at least 2 (threshold 1 would give every committee the whole key)");
        }
        if (threshold > parties) {
            throw new IllegalArgumentException("feldman: threshold " + threshold
                    + " exceeds the number of parties " + parties);
        }
        if (parties > Lagrange.MAX_INDEX) {
            throw new IllegalArgumentException("feldman: " + parties + " parties exceed the maximum of "
                    + Lagrange.MAX_INDEX);
        }
    }
}
