package io.sigil.crypto.dkg;

import io.sigil.crypto.SecretBytes;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A contributor's random polynomial {@code f_d(z) = Σ_k a_{d,k} z^k} with every {@code a_{d,k} ← Zq*}
 * (keygen §2.3), or a reshare contributor's {@code g_i(z) = λ_i·s_i + Σ_{k≥1} b_{i,k} z^k} (keygen
 * §3.3, {@link #withConstant}). Coefficients are held as wipeable bytes; {@link #destroy()} wipes
 * them and any later use throws.
 */
public final class SecretPolynomial {

    private final List<SecretBytes> coefficients;

    private SecretPolynomial(List<SecretBytes> coefficients) {
        this.coefficients = coefficients;
    }

    /**
     * {@code constant + Σ_{k=1}^{degreePlusOne−1} b_k z^k} with every {@code b_k ← Zq*}. The
     * caller keeps (and wipes) its own copy of {@code constant}.
     */
    public static SecretPolynomial withConstant(Scalar constant, int degreePlusOne, SecureRandom rng) {
        List<SecretBytes> coefficients = new ArrayList<>(degreePlusOne);
        coefficients.add(SecretBytes.wrap(constant.toBytes()));
        for (int k = 1; k < degreePlusOne; k++) {
            coefficients.add(SecretBytes.wrap(Scalar.random(rng).toBytes()));
        }
        return new SecretPolynomial(coefficients);
    }

    static SecretPolynomial random(int degreePlusOne, SecureRandom rng) {
        List<SecretBytes> coefficients = new ArrayList<>(degreePlusOne);
        for (int k = 0; k < degreePlusOne; k++) {
            coefficients.add(SecretBytes.wrap(Scalar.random(rng).toBytes()));
        }
        return new SecretPolynomial(coefficients);
    }

    Scalar coefficient(int k) {
        byte[] bytes = coefficients.get(k).bytes();
        try {
            return Scalar.fromBytes(bytes);
        } finally {
            SecretBytes.wipe(bytes);
        }
    }

    /** {@code A_{d,k} = a_{d,k}·G} for every k. */
    public List<Point> commitments() {
        List<Point> out = new ArrayList<>(coefficients.size());
        for (int k = 0; k < coefficients.size(); k++) {
            out.add(Point.baseMultiply(coefficient(k)));
        }
        return out;
    }

    /** {@code f_d(x)} by Horner's rule. */
    public Scalar evaluate(int x) {
        Scalar point = Scalar.fromLong(x);
        Scalar acc = coefficient(coefficients.size() - 1);
        for (int k = coefficients.size() - 2; k >= 0; k--) {
            acc = acc.multiply(point).add(coefficient(k));
        }
        return acc;
    }

    boolean isDestroyed() {
        return coefficients.get(0).isDestroyed();
    }

    public void destroy() {
        coefficients.forEach(SecretBytes::destroy);
    }

    @Override
    public String toString() {
        return "SecretPolynomial[redacted]";
    }
}
