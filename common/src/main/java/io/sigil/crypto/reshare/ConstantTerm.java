package io.sigil.crypto.reshare;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.FeldmanCommitments;
import java.math.BigInteger;
import java.util.Collection;

/**
 * The check {@code E_{i,0} == λ_i·S_i} of keygen §3.4 step 2 without a full-width scalar
 * multiplication. {@code λ_i = num_i / den_i} with the integers {@code num_i = Π_{j∈P, j≠i} j} and
 * {@code den_i = Π_{j∈P, j≠i} (j − i)}, both nonzero and far below q (committees are 1..255), so
 * {@code E_{i,0} == λ_i·S_i} holds exactly when {@code |den_i|·E_{i,0} == ±|num_i|·S_i} (the group has
 * prime order q and {@code den_i} is invertible mod q). Multipliers of a few bits cost a few point
 * additions where {@code λ_i} (e.g. {@code −1 mod q}) costs a full multiplication; the comparison is
 * a subtraction tested for infinity, which needs no field inversion. {@code S_i} itself is Horner's
 * rule with the small multiplier {@code i}.
 */
final class ConstantTerm {

    private ConstantTerm() {
    }

    static boolean matches(Point constantTerm, FeldmanCommitments oldCommitments, int committee,
            Collection<Integer> party) {
        BigInteger numerator = BigInteger.ONE;
        BigInteger denominator = BigInteger.ONE;
        for (int member : party) {
            if (member != committee) {
                numerator = numerator.multiply(BigInteger.valueOf(member));
                denominator = denominator.multiply(BigInteger.valueOf((long) member - committee));
            }
        }
        Point left = constantTerm.multiply(Scalar.fromBigInteger(denominator.abs()));
        Point right = oldCommitments.evaluate(committee).multiply(Scalar.fromBigInteger(numerator));
        if (denominator.signum() < 0) {
            right = right.negate();
        }
        return left.subtract(right).isInfinity();
    }
}
