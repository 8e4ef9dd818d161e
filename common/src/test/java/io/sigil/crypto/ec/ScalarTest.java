package io.sigil.crypto.ec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.testing.RandomValues;
import io.sigil.crypto.testing.SeededTest;
import io.sigil.crypto.testing.Vectors;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ScalarTest {

    private static final BigInteger Q = Secp256k1.ORDER;
    private static final JsonNode SCALARS = Vectors.load("encodings.json").get("scalars");

    @Test
    void curveConstantsMatchTheSpec() {
        assertEquals(new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16), Q);
        assertEquals(new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16),
                Secp256k1.FIELD_PRIME);
        assertEquals(Q.subtract(BigInteger.ONE).divide(BigInteger.TWO), Secp256k1.HALF_ORDER);
        assertEquals(Q, Secp256k1.domain().getN());
    }

    @Test
    void rejectsWrongLengthsOrderAndZero() {
        assertThrows(InvalidEncodingException.class, () -> Scalar.fromBytes(new byte[31]));
        assertThrows(InvalidEncodingException.class, () -> Scalar.fromBytes(new byte[33]));
        assertThrows(InvalidEncodingException.class, () -> Scalar.fromBytes(null));
        assertThrows(InvalidEncodingException.class, () -> Scalar.fromBytes(Vectors.hex(SCALARS.get("order"))));
        byte[] allOnes = new byte[32];
        java.util.Arrays.fill(allOnes, (byte) 0xFF);
        assertThrows(InvalidEncodingException.class, () -> Scalar.fromBytes(allOnes));
        Scalar max = Scalar.fromBytes(Vectors.hex(SCALARS.get("orderMinusOne")));
        assertEquals(Q.subtract(BigInteger.ONE), max.toBigInteger());
        assertEquals(Scalar.ZERO, max.add(Scalar.ONE));
        assertEquals(Scalar.ZERO, Scalar.fromBytes(new byte[32]));
        assertThrows(InvalidEncodingException.class, () -> Scalar.fromBytesNonZero(new byte[32]));
    }

    @Test
    void errorMessagesAndToStringRevealNothing() {
        byte[] secret = Vectors.hex(SCALARS.get("order"));
        InvalidEncodingException e = assertThrows(InvalidEncodingException.class, () -> Scalar.fromBytes(secret));
        assertFalse(e.getMessage().toLowerCase().contains("fffffff"));
        Scalar s = Scalar.fromLong(123456789);
        assertEquals("Scalar[redacted]", s.toString());
        assertFalse(s.toString().contains("123456789"));
    }

    @Test
    void shortValuesAreEncodedWithLeadingZeros() {
        Scalar small = Scalar.fromLong(1);
        byte[] encoded = small.toBytes();
        assertEquals(32, encoded.length);
        assertEquals(1, encoded[31]);
        assertEquals("0000000000000000000000000000000000000000000000000000000000000001", small.toHex());
        assertEquals(Q.subtract(BigInteger.ONE), Scalar.fromLong(-1).toBigInteger());
    }

    @Test
    void randomIsNonZeroAndVaries() {
        SecureRandom rng = new SecureRandom();
        Scalar a = Scalar.random(rng);
        Scalar b = Scalar.random(rng);
        assertFalse(a.isZero());
        assertNotEquals(a, b);
    }

    @Test
    void randomRejectsOutOfRangeDraws() {
        // A source that first yields q (must be rejected) and 0 (must be rejected), then 5.
        byte[][] draws = {Vectors.hex(SCALARS.get("order")), new byte[32], Scalar.fromLong(5).toBytes()};
        SecureRandom scripted = new SecureRandom() {
            private int next;

            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(draws[next++], 0, bytes, 0, 32);
            }
        };
        assertEquals(Scalar.fromLong(5), Scalar.random(scripted));
    }

    @Test
    void reduceAndInvert() {
        byte[] digest = new byte[32];
        java.util.Arrays.fill(digest, (byte) 0xFF);
        assertEquals(new BigInteger(1, digest).mod(Q), Scalar.reduce(digest).toBigInteger());
        assertThrows(ArithmeticException.class, Scalar.ZERO::invert);
        assertTrue(Scalar.fromBigInteger(Secp256k1.HALF_ORDER.add(BigInteger.ONE)).isHigh());
        assertFalse(Scalar.fromBigInteger(Secp256k1.HALF_ORDER).isHigh());
    }

    @SeededTest(cases = 300)
    void ringLaws(Random random) {
        Scalar a = RandomValues.scalar(random);
        Scalar b = RandomValues.scalar(random);
        Scalar c = RandomValues.scalar(random);
        assertEquals(a.add(b), b.add(a));
        assertEquals(a.multiply(b), b.multiply(a));
        assertEquals(a.add(b).add(c), a.add(b.add(c)));
        assertEquals(a.multiply(b).multiply(c), a.multiply(b.multiply(c)));
        assertEquals(a.multiply(b.add(c)), a.multiply(b).add(a.multiply(c)));
        assertEquals(Scalar.ZERO, a.add(a.negate()));
        assertEquals(a, a.add(b).subtract(b));
        assertEquals(a.toBigInteger().add(b.toBigInteger()).mod(Q), a.add(b).toBigInteger());
        assertEquals(a.toBigInteger().multiply(b.toBigInteger()).mod(Q), a.multiply(b).toBigInteger());
        if (!a.isZero()) {
            assertEquals(Scalar.ONE, a.multiply(a.invert()));
            assertEquals(a.toBigInteger().modInverse(Q), a.invert().toBigInteger());
        }
    }

    /** The inverse (Bouncy Castle's safegcd) against {@code BigInteger.modInverse} at the edges. */
    @Test
    void inverseMatchesBigIntegerAtTheEdges() {
        for (BigInteger value : new BigInteger[] {BigInteger.ONE, BigInteger.TWO, Q.subtract(BigInteger.ONE),
                Q.subtract(BigInteger.TWO), Secp256k1.HALF_ORDER, BigInteger.ONE.shiftLeft(255)}) {
            Scalar scalar = Scalar.fromBigInteger(value);
            assertEquals(value.modInverse(Q), scalar.invert().toBigInteger());
            assertEquals(Scalar.ONE, scalar.multiply(scalar.invert()));
        }
    }

    @SeededTest(cases = 300)
    void encodingRoundTrips(Random random) {
        Scalar a = RandomValues.scalar(random);
        byte[] encoded = a.toBytes();
        assertEquals(32, encoded.length);
        assertEquals(a, Scalar.fromBytes(encoded));
        assertArrayEquals(encoded, Scalar.fromBytes(encoded).toBytes());
        assertEquals(a.hashCode(), Scalar.fromBytes(encoded).hashCode());
    }

    @Test
    void rejectsEveryLengthOtherThan32() {
        Random random = new Random(70);
        for (int length = 0; length <= 70; length++) {
            if (length != 32) {
                byte[] bytes = RandomValues.bytes(random, length);
                assertThrows(InvalidEncodingException.class, () -> Scalar.fromBytes(bytes), "length " + bytes.length);
            }
        }
    }

    @SeededTest(cases = 200)
    void rejectsValuesAtOrAboveOrder(Random random) {
        Scalar offset = RandomValues.scalar(random);
        BigInteger tooLarge = Q.add(offset.toBigInteger());
        if (tooLarge.bitLength() <= 256) {
            byte[] bytes = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, tooLarge);
            assertThrows(InvalidEncodingException.class, () -> Scalar.fromBytes(bytes));
        }
    }
}
