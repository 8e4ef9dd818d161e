package io.sigil.crypto.feldman;

import io.sigil.crypto.ec.Scalar;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Lagrange coefficients at zero for a signing party (spec §2.3):
 * {@code λ_i = Π_{j∈P, j≠i} j · (j − i)^(−1) mod q}, so that {@code Σ_{i∈P} λ_i·x_i = x}.
 */
public final class Lagrange {

    /** Largest committee index (indices are u8-sized; spec §1.4: n ≤ 255). */
    public static final int MAX_INDEX = 255;

    private Lagrange() {
    }

    /**
     * λ_index for the party {@code party}. Refuses duplicate indices (a zero denominator),
     * an index outside 1..255, and an {@code index} that is not a member of {@code party}.
     */
    public static Scalar coefficientAtZero(int index, Collection<Integer> party) {
        Set<Integer> distinct = checkParty(party);
        if (!distinct.contains(index)) {
            throw new IllegalArgumentException("lagrange: index " + index + " is not in the party");
        }
        Scalar numerator = Scalar.ONE;
        Scalar denominator = Scalar.ONE;
        Scalar i = Scalar.fromLong(index);
        for (int member : distinct) {
            if (member != index) {
                Scalar j = Scalar.fromLong(member);
                numerator = numerator.multiply(j);
                denominator = denominator.multiply(j.subtract(i));
            }
        }
        return numerator.multiply(denominator.invert());
    }

    private static Set<Integer> checkParty(Collection<Integer> party) {
        if (party == null || party.isEmpty()) {
            throw new IllegalArgumentException("lagrange: party must not be empty");
        }
        Set<Integer> distinct = new HashSet<>();
        for (Integer member : party) {
            if (member == null) {
                throw new IllegalArgumentException("lagrange: party contains null");
            }
            checkIndex(member);
            if (!distinct.add(member)) {
                throw new IllegalArgumentException("lagrange: duplicate index " + member + " in the party");
            }
        }
        return distinct;
    }

    static void checkIndex(int index) {
        if (index < 1 || index > MAX_INDEX) {
            throw new IllegalArgumentException("committee index " + index + " outside 1.." + MAX_INDEX);
        }
    }
}
