package io.sigil.crypto.ec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Point#sumOfMultiplies} against the separate multiplications a batch verification replaces. */
class PointSumOfMultipliesTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 50})
    void equalsTheSumOfTheProducts(int terms) throws Exception {
        SecureRandom rng = SecureRandom.getInstance("SHA1PRNG");
        rng.setSeed(terms);
        List<Scalar> scalars = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        Point expected = Point.infinity();
        for (int i = 0; i < terms; i++) {
            Scalar k = i % 3 == 0 ? Scalar.fromLong(1L + rng.nextInt(1 << 20)) : Scalar.random(rng);
            Point p = Point.baseMultiply(Scalar.random(rng)).add(Point.generator());
            scalars.add(k);
            points.add(p);
            expected = expected.add(p.multiply(k));
        }
        assertEquals(expected, Point.sumOfMultiplies(scalars, points));
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 4})
    void zeroScalarsAndInfinityAddNothing(long seed) throws Exception {
        SecureRandom rng = SecureRandom.getInstance("SHA1PRNG");
        rng.setSeed(seed);
        Scalar a = Scalar.random(rng);
        Point p = Point.baseMultiply(Scalar.random(rng));
        assertEquals(p.multiply(a), Point.sumOfMultiplies(List.of(a, Scalar.ZERO, a), List.of(p, p, Point.infinity())));
        assertTrue(Point.sumOfMultiplies(List.of(a, a.negate()), List.of(p, p)).isInfinity());
        assertTrue(Point.sumOfMultiplies(List.of(), List.of()).isInfinity());
    }
}
