package io.sigil.crypto.ec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.testing.RandomValues;
import io.sigil.crypto.testing.SeededTest;
import io.sigil.crypto.testing.Vectors;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PointTest {

    private static final JsonNode POINTS = Vectors.load("encodings.json").get("points");
    private static final BigInteger P = Secp256k1.FIELD_PRIME;

    @Test
    void generatorAndTwoGMatchPublishedEncodings() {
        assertEquals(POINTS.get("generator").asString(), HexFormat.of().formatHex(Point.generator().encode()));
        assertArrayEquals(Vectors.hex(POINTS.get("generatorUncompressed")), Point.generator().encodeUncompressed());
        Point twoG = Point.baseMultiply(Scalar.fromLong(2));
        assertEquals(POINTS.get("twoG").asString(), HexFormat.of().formatHex(twoG.encode()));
        assertEquals(twoG, Point.generator().add(Point.generator()));
        assertEquals(twoG, Point.generator().multiply(Scalar.fromLong(2)));
        assertEquals(Point.generator(), Point.decodeAny(Vectors.hex(POINTS.get("generatorUncompressed"))));
    }

    @Test
    void infinityBehaviour() {
        Point g = Point.generator();
        assertTrue(g.subtract(g).isInfinity());
        assertTrue(Point.baseMultiply(Scalar.ZERO).isInfinity());
        assertTrue(g.multiply(Scalar.fromBigInteger(Secp256k1.ORDER)).isInfinity());
        assertEquals(g, g.add(Point.infinity()));
        assertThrows(IllegalStateException.class, () -> Point.infinity().encode());
        assertThrows(IllegalStateException.class, () -> Point.infinity().encodeUncompressed());
        assertEquals("Point[infinity]", Point.infinity().toString());
    }

    @Test
    void rejectsMalformedEncodings() {
        byte[] g = Point.generator().encode();
        // infinity encoding 0x00, alone and padded to 33 bytes
        assertThrows(InvalidEncodingException.class, () -> Point.decode(new byte[] {0x00}));
        assertThrows(InvalidEncodingException.class, () -> Point.decode(new byte[33]));
        assertThrows(InvalidEncodingException.class, () -> Point.decodeAny(new byte[] {0x00}));
        // uncompressed and hybrid forms
        byte[] uncompressed = Point.generator().encodeUncompressed();
        assertThrows(InvalidEncodingException.class, () -> Point.decode(uncompressed));
        byte[] prefix04 = g.clone();
        prefix04[0] = 0x04;
        assertThrows(InvalidEncodingException.class, () -> Point.decode(prefix04));
        for (byte hybrid : new byte[] {0x06, 0x07}) {
            byte[] h = uncompressed.clone();
            h[0] = hybrid;
            assertThrows(InvalidEncodingException.class, () -> Point.decodeAny(h));
            byte[] h33 = g.clone();
            h33[0] = hybrid;
            assertThrows(InvalidEncodingException.class, () -> Point.decode(h33));
        }
        // wrong lengths
        assertThrows(InvalidEncodingException.class, () -> Point.decode(Arrays.copyOf(g, 32)));
        assertThrows(InvalidEncodingException.class, () -> Point.decode(Arrays.copyOf(g, 34)));
        assertThrows(InvalidEncodingException.class, () -> Point.decode(null));
        // uncompressed point off the curve (Y + 1)
        byte[] offCurve = uncompressed.clone();
        offCurve[64]++;
        assertThrows(InvalidEncodingException.class, () -> Point.decodeAny(offCurve));
    }

    @Test
    void rejectsXAtOrAboveFieldPrime() {
        for (BigInteger x : new BigInteger[] {P, P.add(BigInteger.ONE), P.add(BigInteger.valueOf(7))}) {
            byte[] encoded = new byte[33];
            encoded[0] = 0x02;
            System.arraycopy(BigIntegers.asUnsignedByteArray(32, x), 0, encoded, 1, 32);
            assertThrows(InvalidEncodingException.class, () -> Point.decode(encoded));
        }
        // x = 7 - p is "x mod p = valid" territory: x + p aliases a valid x when it fits in 256 bits.
        BigInteger validX = Point.generator().affineX();
        BigInteger alias = validX.add(P);
        if (alias.bitLength() <= 256) {
            byte[] encoded = new byte[33];
            encoded[0] = 0x02;
            System.arraycopy(BigIntegers.asUnsignedByteArray(32, alias), 0, encoded, 1, 32);
            assertThrows(InvalidEncodingException.class, () -> Point.decode(encoded));
        }
    }

    @Test
    void rejectsXWhoseCubePlusSevenIsNotASquare() {
        // x = 5: 5^3 + 7 = 132 is not a quadratic residue mod p (checked via Euler's criterion).
        BigInteger rhs = BigInteger.valueOf(132);
        assertEquals(P.subtract(BigInteger.ONE), rhs.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P));
        byte[] encoded = new byte[33];
        encoded[0] = 0x03;
        encoded[32] = 5;
        assertThrows(InvalidEncodingException.class, () -> Point.decode(encoded));
    }

    @SeededTest(cases = 100)
    void encodingRoundTripsAndMatchesGroupLaws(Random random) {
        Scalar a = RandomValues.nonZeroScalar(random);
        Scalar b = RandomValues.nonZeroScalar(random);
        Point pa = Point.baseMultiply(a);
        assertEquals(pa, Point.generator().multiply(a));
        byte[] encoded = pa.encode();
        assertEquals(33, encoded.length);
        assertTrue(encoded[0] == 0x02 || encoded[0] == 0x03);
        assertEquals(pa.isYOdd(), encoded[0] == 0x03);
        assertEquals(pa, Point.decode(encoded));
        assertEquals(pa.hashCode(), Point.decode(encoded).hashCode());
        assertEquals(pa, Point.decodeAny(pa.encodeUncompressed()));
        Point sum = pa.add(Point.baseMultiply(b));
        Point expectedSum = Point.baseMultiply(a.add(b));
        assertEquals(expectedSum, sum);
        assertEquals(expectedSum.hashCode(), sum.hashCode());
        if (!a.add(b).isZero()) {
            assertArrayEquals(expectedSum.encode(), sum.encode());
        } else {
            assertTrue(sum.isInfinity());
        }
        assertEquals(pa, sum.subtract(Point.baseMultiply(b)));
        assertEquals(Point.baseMultiply(a.multiply(b)), pa.multiply(b));
        assertEquals(Point.baseMultiply(a.negate()), pa.negate());
        assertFalse(pa.toString().contains("redacted"));
    }
}
