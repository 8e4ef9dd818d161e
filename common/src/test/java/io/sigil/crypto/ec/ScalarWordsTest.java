package io.sigil.crypto.ec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.testing.RandomValues;
import io.sigil.crypto.testing.SeededTest;
import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

/** The fixed-width arithmetic mod q against BigInteger, on random values and on the edges. */
class ScalarWordsTest {

    private static final BigInteger Q = Secp256k1.ORDER;
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
    private static final BigInteger[] EDGES = {BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
        Q.subtract(BigInteger.ONE), Q.subtract(BigInteger.TWO), Q.shiftRight(1), TWO_256.subtract(Q),
        BigInteger.ONE.shiftLeft(128), BigInteger.ONE.shiftLeft(255)};

    @Test
    void decodeRefusesEveryValueFromQUpAndKeepsTheOthers() {
        BigInteger[] outOfRange = {Q, Q.add(BigInteger.ONE), TWO_256.subtract(BigInteger.ONE), Q.add(BigInteger.ONE.shiftLeft(120))};
        for (BigInteger value : outOfRange) {
            assertFalse(ScalarWords.decode(bytes(value), 0, new int[8], 0), value.toString(16));
        }
        for (BigInteger value : EDGES) {
            if (value.compareTo(Q) < 0) {
                int[] words = new int[10];
                assertTrue(ScalarWords.decode(bytes(value), 0, words, 2));
                assertEquals(value, valueAt(words, 2));
                byte[] encoded = new byte[40];
                ScalarWords.encode(words, 2, encoded, 5);
                assertArrayEquals(bytes(value), java.util.Arrays.copyOfRange(encoded, 5, 37));
            }
        }
    }

    @Test
    void digestsReduceLikeH2sAtTheEdges() {
        BigInteger[] digests = {BigInteger.ZERO, Q.subtract(BigInteger.ONE), Q, Q.add(BigInteger.ONE),
            TWO_256.subtract(BigInteger.ONE)};
        for (BigInteger digest : digests) {
            int[] words = new int[8];
            ScalarWords.fromDigest(bytes(digest), 0, words, 0);
            assertEquals(digest.mod(Q), valueAt(words, 0), digest.toString(16));
            assertEquals(Scalar.reduce(bytes(digest)), ScalarWords.toScalar(words, 0));
        }
    }

    @SeededTest(cases = 500)
    void addSubtractSelectAndDigestsMatchBigInteger(Random random) {
        BigInteger a = draw(random);
        BigInteger b = draw(random);
        int[] words = new int[24];
        put(a, words, 0);
        put(b, words, 8);
        ScalarWords.add(words, 0, words, 8, words, 16);
        assertEquals(a.add(b).mod(Q), valueAt(words, 16));
        ScalarWords.subtract(words, 0, words, 8, words, 16);
        assertEquals(a.subtract(b).mod(Q), valueAt(words, 16));
        ScalarWords.subtract(words, 8, words, 0, words, 8);
        assertEquals(b.subtract(a).mod(Q), valueAt(words, 8));
        ScalarWords.select(0, words, 0, words, 16);
        assertEquals(BigInteger.ZERO, valueAt(words, 16));
        ScalarWords.select(1, words, 0, words, 16);
        assertEquals(a, valueAt(words, 16));
        byte[] digest = RandomValues.bytes(random, 32);
        ScalarWords.fromDigest(digest, 0, words, 0);
        assertEquals(new BigInteger(1, digest).mod(Q), valueAt(words, 0));
        Scalar scalar = Scalar.fromBigInteger(a);
        ScalarWords.fromScalar(scalar, words, 0);
        assertEquals(a, valueAt(words, 0));
        assertEquals(scalar, ScalarWords.toScalar(words, 0));
    }

    @SeededTest(cases = 300)
    void sumsOfProductsMatchBigInteger(Random random) {
        int terms = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 1 + random.nextInt(600);
        int[] values = new int[2 * 8 * terms];
        BigInteger expected = BigInteger.ZERO;
        for (int t = 0; t < terms; t++) {
            BigInteger x = draw(random);
            BigInteger y = draw(random);
            put(x, values, 16 * t);
            put(y, values, 16 * t + 8);
            expected = expected.add(x.multiply(y));
        }
        BigInteger extra = draw(random);
        int[] extraWords = new int[8];
        put(extra, extraWords, 0);
        ScalarAccumulator accumulator = new ScalarAccumulator();
        for (int t = 0; t < terms; t++) {
            accumulator.addProduct(values, 16 * t, values, 16 * t + 8);
        }
        accumulator.addValue(extraWords, 0);
        int[] result = new int[9];
        accumulator.reduceTo(result, 1);
        assertEquals(expected.add(extra).mod(Q), valueAt(result, 1));
        // The accumulator starts again from zero.
        accumulator.addProduct(extraWords, 0, extraWords, 0).reduceTo(result, 0);
        assertEquals(extra.multiply(extra).mod(Q), valueAt(result, 0));
    }

    @Test
    void largestSumsReduce() {
        // Many products of q − 1 reach the carry word; (q − 1)^2 alone exercises every fold.
        int[] largest = new int[8];
        put(Q.subtract(BigInteger.ONE), largest, 0);
        for (int terms : new int[] {1, 2, 416, 4096, 70_000}) {
            ScalarAccumulator accumulator = new ScalarAccumulator();
            for (int t = 0; t < terms; t++) {
                accumulator.addProduct(largest, 0, largest, 0).addValue(largest, 0);
            }
            int[] result = new int[8];
            accumulator.reduceTo(result, 0);
            BigInteger max = Q.subtract(BigInteger.ONE);
            BigInteger expected = max.multiply(max).add(max).multiply(BigInteger.valueOf(terms)).mod(Q);
            assertEquals(expected, valueAt(result, 0), "terms " + terms);
        }
        for (BigInteger x : EDGES) {
            for (BigInteger y : EDGES) {
                int[] words = new int[24];
                put(x, words, 0);
                put(y, words, 8);
                new ScalarAccumulator().addProduct(words, 0, words, 8).reduceTo(words, 16);
                assertEquals(x.multiply(y).mod(Q), valueAt(words, 16), x.toString(16) + " * " + y.toString(16));
            }
        }
    }

    @Test
    void sumsPastTheNormalisationPointKeepTheirValue() {
        // The column sums are normalised after LIMIT terms; the largest products on both sides of it.
        int[] largest = new int[8];
        put(Q.subtract(BigInteger.ONE), largest, 0);
        int terms = ScalarAccumulator.LIMIT + 3;
        ScalarAccumulator accumulator = new ScalarAccumulator();
        for (int t = 0; t < terms; t++) {
            accumulator.addProduct(largest, 0, largest, 0);
        }
        int[] result = new int[8];
        accumulator.reduceTo(result, 0);
        BigInteger max = Q.subtract(BigInteger.ONE);
        assertEquals(max.multiply(max).multiply(BigInteger.valueOf(terms)).mod(Q), valueAt(result, 0));
    }

    @Test
    void toStringRevealsNothing() {
        assertEquals("ScalarAccumulator[redacted]", new ScalarAccumulator().toString());
    }

    /** Uniform below q, or one of the edge values one time in four. */
    private static BigInteger draw(Random random) {
        if (random.nextInt(4) == 0) {
            return EDGES[random.nextInt(EDGES.length)];
        }
        return RandomValues.scalar(random).toBigInteger();
    }

    private static byte[] bytes(BigInteger value) {
        return BigIntegers.asUnsignedByteArray(32, value);
    }

    private static void put(BigInteger value, int[] words, int offset) {
        assertTrue(ScalarWords.decode(bytes(value), 0, words, offset));
    }

    private static BigInteger valueAt(int[] words, int offset) {
        byte[] out = new byte[32];
        ScalarWords.encode(words, offset, out, 0);
        return new BigInteger(1, out);
    }
}
