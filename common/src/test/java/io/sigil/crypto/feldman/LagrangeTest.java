package io.sigil.crypto.feldman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.Scalar;
import java.util.List;
import org.junit.jupiter.api.Test;

class LagrangeTest {

    @Test
    void specExample() {
        List<Integer> party = List.of(1, 3, 4);
        assertEquals(Scalar.fromLong(2), Lagrange.coefficientAtZero(1, party));
        assertEquals(Scalar.fromLong(-2), Lagrange.coefficientAtZero(3, party));
        assertEquals(Scalar.ONE, Lagrange.coefficientAtZero(4, party));
    }

    @Test
    void coefficientsSumToOne() {
        // Interpolating the constant polynomial 1 gives Σ λ_i = 1 for any party.
        List<Integer> party = List.of(2, 7, 100, 255);
        Scalar sum = Scalar.ZERO;
        for (int i : party) {
            sum = sum.add(Lagrange.coefficientAtZero(i, party));
        }
        assertEquals(Scalar.ONE, sum);
    }

    @Test
    void refusesBadParties() {
        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> Lagrange.coefficientAtZero(1, List.of(1, 3, 3)));
        assertTrue(duplicate.getMessage().contains("duplicate"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Lagrange.coefficientAtZero(2, List.of(1, 3)));
        assertTrue(missing.getMessage().contains("not in the party"));
        assertThrows(IllegalArgumentException.class, () -> Lagrange.coefficientAtZero(0, List.of(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> Lagrange.coefficientAtZero(1, List.of(1, 256)));
        assertThrows(IllegalArgumentException.class, () -> Lagrange.coefficientAtZero(1, List.of()));
    }
}
