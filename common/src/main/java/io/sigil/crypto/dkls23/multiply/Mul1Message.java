package io.sigil.crypto.dkls23.multiply;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ot.OtParameters;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code MUL1} (spec §4.2.6, Bob → Alice, signing round 1):
 * {@code ν ‖ U_0 … U_{κ−1} ‖ x̃ ‖ t̃_0 … t̃_{κ−1}} = 32 + 19 968 + 26 + 6 656 = 26 682 bytes.
 * Public (it hides Bob's choice bits computationally). The canonical constructor checks the
 * exact sizes (abort row 4, {@code InvalidMessage}, culprit Bob).
 */
public record Mul1Message(byte[] nu, byte[] u, byte[] xTilde, byte[] tTilde) {

    public static final int NU_LENGTH = OtParameters.SID_BYTES;
    public static final int U_LENGTH = OtParameters.KAPPA * OtParameters.COLUMN_BYTES;
    public static final int X_TILDE_LENGTH = OtParameters.SIGMA_BYTES;
    public static final int T_TILDE_LENGTH = OtParameters.KAPPA * OtParameters.SIGMA_BYTES;
    public static final int ENCODED_LENGTH = NU_LENGTH + U_LENGTH + X_TILDE_LENGTH + T_TILDE_LENGTH;

    public Mul1Message {
        checkLength(nu, NU_LENGTH, "nu");
        checkLength(u, U_LENGTH, "U");
        checkLength(xTilde, X_TILDE_LENGTH, "x-tilde");
        checkLength(tTilde, T_TILDE_LENGTH, "t-tilde");
        nu = nu.clone();
        u = u.clone();
        xTilde = xTilde.clone();
        tTilde = tTilde.clone();
    }

    private static void checkLength(byte[] field, int length, String name) {
        Objects.requireNonNull(field, name);
        if (field.length != length) {
            throw new InvalidEncodingException("MUL1 " + name + ": expected " + length + " bytes, got " + field.length);
        }
    }

    @Override
    public byte[] nu() {
        return nu.clone();
    }

    @Override
    public byte[] u() {
        return u.clone();
    }

    @Override
    public byte[] xTilde() {
        return xTilde.clone();
    }

    @Override
    public byte[] tTilde() {
        return tTilde.clone();
    }

    /** Read-only views for the protocol code of this package (avoid 26 kB copies). */
    byte[] nuView() {
        return nu;
    }

    byte[] uView() {
        return u;
    }

    byte[] xTildeView() {
        return xTilde;
    }

    byte[] tTildeView() {
        return tTilde;
    }

    public byte[] encode() {
        byte[] out = new byte[ENCODED_LENGTH];
        int offset = 0;
        System.arraycopy(nu, 0, out, offset, NU_LENGTH);
        offset += NU_LENGTH;
        System.arraycopy(u, 0, out, offset, U_LENGTH);
        offset += U_LENGTH;
        System.arraycopy(xTilde, 0, out, offset, X_TILDE_LENGTH);
        offset += X_TILDE_LENGTH;
        System.arraycopy(tTilde, 0, out, offset, T_TILDE_LENGTH);
        return out;
    }

    /** Exactly 26 682 bytes, else {@link InvalidEncodingException}. */
    public static Mul1Message decode(byte[] encoded) {
        if (encoded == null || encoded.length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("MUL1: expected " + ENCODED_LENGTH + " bytes, got "
                    + (encoded == null ? "null" : encoded.length));
        }
        int offset = 0;
        byte[] nu = Arrays.copyOfRange(encoded, offset, offset += NU_LENGTH);
        byte[] u = Arrays.copyOfRange(encoded, offset, offset += U_LENGTH);
        byte[] xTilde = Arrays.copyOfRange(encoded, offset, offset += X_TILDE_LENGTH);
        byte[] tTilde = Arrays.copyOfRange(encoded, offset, offset + T_TILDE_LENGTH);
        return new Mul1Message(nu, u, xTilde, tTilde);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Mul1Message that && Arrays.equals(nu, that.nu) && Arrays.equals(u, that.u)
                && Arrays.equals(xTilde, that.xTilde) && Arrays.equals(tTilde, that.tTilde);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nu) * 31 + Arrays.hashCode(xTilde);
    }

    @Override
    public String toString() {
        return "Mul1Message[" + ENCODED_LENGTH + " bytes]";
    }
}
