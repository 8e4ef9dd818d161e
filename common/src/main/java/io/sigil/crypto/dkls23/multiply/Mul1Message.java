package io.sigil.crypto.dkls23.multiply;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ot.OtParameters;
import java.util.Arrays;
import java.util.Objects;

/**
 * {@code MUL1} (spec §4.2.6, Bob → Alice, signing round 1):
 * {@code ν ‖ U_0 … U_{κ−1} ‖ x̃ ‖ t̃_0 … t̃_{κ−1}} = 32 + 19 968 + 26 + 6 656 = 26 682 bytes.
 * Public (it hides Bob's choice bits computationally). The constructors check the
 * exact sizes (abort row 4, {@code InvalidMessage}, culprit Bob).
 */
public final class Mul1Message {

    public static final int NU_LENGTH = OtParameters.SID_BYTES;
    public static final int U_LENGTH = OtParameters.KAPPA * OtParameters.COLUMN_BYTES;
    public static final int X_TILDE_LENGTH = OtParameters.SIGMA_BYTES;
    public static final int T_TILDE_LENGTH = OtParameters.KAPPA * OtParameters.SIGMA_BYTES;
    public static final int ENCODED_LENGTH = NU_LENGTH + U_LENGTH + X_TILDE_LENGTH + T_TILDE_LENGTH;

    private final byte[] nu;
    private final byte[] u;
    private final byte[] xTilde;
    private final byte[] tTilde;

    /** Copies every field (the caller keeps its arrays). */
    public Mul1Message(byte[] nu, byte[] u, byte[] xTilde, byte[] tTilde) {
        this(nu, u, xTilde, tTilde, true);
    }

    /**
     * A class rather than a record so that a message built from fresh arrays (decoding, Bob's
     * extension output) can take them without a second copy, 26 kB each time.
     */
    private Mul1Message(byte[] nu, byte[] u, byte[] xTilde, byte[] tTilde, boolean copy) {
        checkLength(nu, NU_LENGTH, "nu");
        checkLength(u, U_LENGTH, "U");
        checkLength(xTilde, X_TILDE_LENGTH, "x-tilde");
        checkLength(tTilde, T_TILDE_LENGTH, "t-tilde");
        this.nu = copy ? nu.clone() : nu;
        this.u = copy ? u.clone() : u;
        this.xTilde = copy ? xTilde.clone() : xTilde;
        this.tTilde = copy ? tTilde.clone() : tTilde;
    }

    /** A message that takes fresh arrays nobody else holds or changes, without copying them. */
    static Mul1Message owning(byte[] nu, byte[] u, byte[] xTilde, byte[] tTilde) {
        return new Mul1Message(nu, u, xTilde, tTilde, false);
    }

    private static void checkLength(byte[] field, int length, String name) {
        Objects.requireNonNull(field, name);
        if (field.length != length) {
            throw new InvalidEncodingException("MUL1 " + name + ": expected " + length + " bytes, got " + field.length);
        }
    }

    public byte[] nu() {
        return nu.clone();
    }

    public byte[] u() {
        return u.clone();
    }

    public byte[] xTilde() {
        return xTilde.clone();
    }

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
        encodeInto(out, 0);
        return out;
    }

    /** Writes the {@link #ENCODED_LENGTH} bytes of {@link #encode()} to {@code out[offset…]}. */
    public void encodeInto(byte[] out, int offset) {
        System.arraycopy(nu, 0, out, offset, NU_LENGTH);
        offset += NU_LENGTH;
        System.arraycopy(u, 0, out, offset, U_LENGTH);
        offset += U_LENGTH;
        System.arraycopy(xTilde, 0, out, offset, X_TILDE_LENGTH);
        offset += X_TILDE_LENGTH;
        System.arraycopy(tTilde, 0, out, offset, T_TILDE_LENGTH);
    }

    /** Exactly 26 682 bytes, else {@link InvalidEncodingException}. */
    public static Mul1Message decode(byte[] encoded) {
        if (encoded == null) {
            throw new InvalidEncodingException("MUL1: expected " + ENCODED_LENGTH + " bytes, got null");
        }
        return decode(encoded, 0, encoded.length);
    }

    /**
     * {@link #decode(byte[])} of {@code encoded[offset … offset+length)}, read in place (an
     * enclosing message need not cut it out first); the fields are copied out of it.
     */
    public static Mul1Message decode(byte[] encoded, int offset, int length) {
        if (length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("MUL1: expected " + ENCODED_LENGTH + " bytes, got " + length);
        }
        Objects.checkFromIndexSize(offset, length, encoded.length);
        byte[] nu = Arrays.copyOfRange(encoded, offset, offset += NU_LENGTH);
        byte[] u = Arrays.copyOfRange(encoded, offset, offset += U_LENGTH);
        byte[] xTilde = Arrays.copyOfRange(encoded, offset, offset += X_TILDE_LENGTH);
        byte[] tTilde = Arrays.copyOfRange(encoded, offset, offset + T_TILDE_LENGTH);
        return owning(nu, u, xTilde, tTilde);
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
