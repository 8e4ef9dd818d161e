package io.sigil.crypto.ec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Point#sumOfProducts} against the separate multiplications it replaces in verification. */
class PointSumOfProductsTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void equalsTheSumOfTheTwoProducts(long seed) throws Exception {
        SecureRandom rng = SecureRandom.getInstance("SHA1PRNG");
        rng.setSeed(seed);
        Scalar a = Scalar.random(rng);
        Scalar b = Scalar.random(rng);
        Point p = Point.baseMultiply(Scalar.random(rng));
        Point q = Point.baseMultiply(Scalar.random(rng));
        assertEquals(p.multiply(a).add(q.multiply(b)), Point.sumOfProducts(a, p, b, q));
        assertEquals(Point.baseMultiply(a).add(q.multiply(b)), Point.sumOfProducts(a, Point.generator(), b, q));
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12})
    void zeroScalarsAndInfinityReduceToOneProduct(long seed) throws Exception {
        SecureRandom rng = SecureRandom.getInstance("SHA1PRNG");
        rng.setSeed(seed);
        Scalar a = Scalar.random(rng);
        Point p = Point.baseMultiply(Scalar.random(rng));
        Point q = Point.baseMultiply(Scalar.random(rng));
        assertEquals(p.multiply(a), Point.sumOfProducts(a, p, Scalar.ZERO, q));
        assertEquals(q.multiply(a), Point.sumOfProducts(Scalar.ZERO, p, a, q));
        assertEquals(q.multiply(a), Point.sumOfProducts(a, Point.infinity(), a, q));
        assertTrue(Point.sumOfProducts(a, p, a.negate(), p).isInfinity());
    }
}
