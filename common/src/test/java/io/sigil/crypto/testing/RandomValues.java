package io.sigil.crypto.testing;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;

/** Values for seeded property tests, drawn from a test's {@link Random} (never for real keys). */
public final class RandomValues {
    private static final BigInteger Q = Secp256k1.ORDER;
    private static final BigInteger[] SCALAR_EDGES = {BigInteger.ZERO, BigInteger.ONE, Q.subtract(BigInteger.ONE)};

    private RandomValues() {
    }

    /** Uniform in {@code [0, q)}, except that one draw in eight is an edge case: 0, 1 or q − 1. */
    public static Scalar scalar(Random random) {
        if (random.nextInt(8) == 0) {
            return Scalar.fromBigInteger(SCALAR_EDGES[random.nextInt(SCALAR_EDGES.length)]);
        }
        return Scalar.fromBigInteger(below(random, Q));
    }

    /** Uniform in {@code [1, q)}. */
    public static Scalar nonZeroScalar(Random random) {
        return Scalar.fromBigInteger(below(random, Q.subtract(BigInteger.ONE)).add(BigInteger.ONE));
    }

    /** Uniform in {@code [lowest, highest]}. */
    public static int between(Random random, int lowest, int highest) {
        return lowest + random.nextInt(highest - lowest + 1);
    }

    /** {@code length} random bytes. */
    public static byte[] bytes(Random random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    /**
     * A {@link SecureRandom} whose bytes come from {@code random}, for code that asks for one (the
     * dealer, {@link Scalar#random}) so a seeded case stays reproducible. Test use only.
     */
    public static SecureRandom secureRandom(Random random) {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                random.nextBytes(bytes);
            }
        };
    }

    private static BigInteger below(Random random, BigInteger bound) {
        BigInteger value;
        do {
            value = new BigInteger(bound.bitLength(), random);
        } while (value.compareTo(bound) >= 0);
        return value;
    }
}
