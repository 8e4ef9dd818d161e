package io.sigil.crypto.gf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.testing.RandomValues;
import io.sigil.crypto.testing.SeededTest;
import io.sigil.crypto.testing.Vectors;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class Gf208Test {

    /** f(X) = X^208 + X^9 + X^3 + X + 1 as a bit mask. */
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(208)
            .or(BigInteger.valueOf(0x20B));

    /** Reference: schoolbook polynomial arithmetic on BigInteger bit masks, written from the spec. */
    private static BigInteger referenceMultiply(BigInteger a, BigInteger b) {
        BigInteger product = BigInteger.ZERO;
        for (int i = 0; i < b.bitLength(); i++) {
            if (b.testBit(i)) {
                product = product.xor(a.shiftLeft(i));
            }
        }
        for (int degree = product.bitLength() - 1; degree >= 208; degree--) {
            if (product.testBit(degree)) {
                product = product.xor(MODULUS.shiftLeft(degree - 208));
            }
        }
        return product;
    }

    private static BigInteger toPolynomial(byte[] lsbFirst) {
        byte[] bigEndian = new byte[lsbFirst.length];
        for (int i = 0; i < lsbFirst.length; i++) {
            bigEndian[lsbFirst.length - 1 - i] = lsbFirst[i];
        }
        return new BigInteger(1, bigEndian);
    }

    /** A uniform element, except that one draw in eight is 0, 1 or X^207 (edge cases). */
    private static Gf208 element(Random random) {
        return switch (random.nextInt(24)) {
            case 0 -> Gf208.ZERO;
            case 1 -> Gf208.ONE;
            case 2 -> Gf208.monomial(207);
            default -> Gf208.fromBytes(RandomValues.bytes(random, 26));
        };
    }

    @Test
    void knownAnswers() {
        JsonNode vectors = Vectors.load("gf208.json");
        for (JsonNode v : vectors.get("products")) {
            byte[] a = Vectors.hex(v.get("a"));
            byte[] b = Vectors.hex(v.get("b"));
            byte[] expected = Vectors.hex(v.get("product"));
            assertArrayEquals(expected, Gf208.fromBytes(a).multiply(Gf208.fromBytes(b)).toBytes());
            assertEquals(toPolynomial(expected), referenceMultiply(toPolynomial(a), toPolynomial(b)));
        }
        assertArrayEquals(Vectors.hex(vectors.get("products").get(1).get("product")),
                Gf208.monomial(207).multiply(Gf208.monomial(1)).toBytes());
    }

    @Test
    void rejectsWrongLengths() {
        assertThrows(InvalidEncodingException.class, () -> Gf208.fromBytes(new byte[25]));
        assertThrows(InvalidEncodingException.class, () -> Gf208.fromBytes(new byte[27]));
        assertThrows(InvalidEncodingException.class, () -> Gf208.fromBytes(new byte[30], 5));
    }

    @SeededTest(cases = 200)
    void agreesWithReferenceMultiplication(Random random) {
        Gf208 a = element(random);
        Gf208 b = element(random);
        BigInteger expected = referenceMultiply(toPolynomial(a.toBytes()), toPolynomial(b.toBytes()));
        assertEquals(expected, toPolynomial(a.multiply(b).toBytes()));
    }

    @SeededTest(cases = 200)
    void precomputedMultiplierAgreesWithMultiply(Random random) {
        Gf208 a = element(random);
        Gf208 b = element(random);
        Gf208 c = element(random);
        Gf208.Multiplier byA = a.multiplier();
        assertEquals(a.multiply(b), byA.multiply(b));
        assertEquals(a.multiply(c), byA.multiply(c));
        assertEquals(Gf208.ZERO, byA.multiply(Gf208.ZERO));
        assertEquals(a, byA.multiply(Gf208.ONE));
    }

    @SeededTest(cases = 200)
    void encodingRoundTrips(Random random) {
        Gf208 a = element(random);
        assertEquals(a, Gf208.fromBytes(a.toBytes()));
        byte[] padded = new byte[40];
        a.writeTo(padded, 7);
        assertEquals(a, Gf208.fromBytes(padded, 7));
    }

    @SeededTest(cases = 200)
    void commutativeWithIdentities(Random random) {
        Gf208 a = element(random);
        Gf208 b = element(random);
        assertEquals(a.multiply(b), b.multiply(a));
        assertEquals(a, a.multiply(Gf208.ONE));
        assertEquals(Gf208.ZERO, a.multiply(Gf208.ZERO));
        assertEquals(Gf208.ZERO, a.add(a));
        assertEquals(a, a.multiplyByBit(1));
        assertEquals(Gf208.ZERO, a.multiplyByBit(0));
    }

    @SeededTest(cases = 200)
    void associativeAndDistributive(Random random) {
        Gf208 a = element(random);
        Gf208 b = element(random);
        Gf208 c = element(random);
        assertEquals(a.multiply(b).multiply(c), a.multiply(b.multiply(c)));
        assertEquals(a.multiply(b.add(c)), a.multiply(b).add(a.multiply(c)));
        assertEquals(a.add(b).add(c), a.add(b.add(c)));
    }

    @SeededTest(cases = 20)
    void frobeniusOfFullDegreeIsIdentity(Random random) {
        Gf208 a = element(random);
        Gf208 power = a;
        for (int i = 0; i < 208; i++) {
            power = power.multiply(power);
        }
        assertEquals(a, power);
        // a^(2^104) = a only for elements of the subfield GF(2^104); a random element is not.
    }

    @SeededTest(cases = 20)
    void nonZeroElementsHaveNoZeroDivisors(Random random) {
        Gf208 a = element(random);
        Gf208 b = element(random);
        if (!a.isZero() && !b.isZero()) {
            assertTrue(!a.multiply(b).isZero());
        }
    }

    @Test
    void monomialProductsWrapAroundTheModulus() {
        // X^100 · X^108 = X^208 = X^9 + X^3 + X + 1
        Gf208 expected = Gf208.monomial(9).add(Gf208.monomial(3)).add(Gf208.monomial(1)).add(Gf208.ONE);
        assertEquals(expected, Gf208.monomial(100).multiply(Gf208.monomial(108)));
        byte[] top = new byte[26];
        top[25] = (byte) 0x80;
        assertEquals(Gf208.monomial(207), Gf208.fromBytes(top));
        assertTrue(Arrays.equals(top, Gf208.monomial(207).toBytes()));
    }
}
