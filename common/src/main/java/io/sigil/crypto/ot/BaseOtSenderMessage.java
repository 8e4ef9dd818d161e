package io.sigil.crypto.ot;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.util.Arrays;
import java.util.Objects;

/**
 * Bob's base-OT message (spec §3.2 S1 part a, §3.3): {@code (Z, K, σ_Z)}, 33 + 33 + 32 = 98 bytes.
 * Public.
 */
public record BaseOtSenderMessage(Point z, Point k, Scalar sigma) {

    public static final int ENCODED_LENGTH = 2 * Point.ENCODED_LENGTH + Scalar.ENCODED_LENGTH;

    public BaseOtSenderMessage {
        Objects.requireNonNull(z, "z");
        Objects.requireNonNull(k, "k");
        Objects.requireNonNull(sigma, "sigma");
    }

    public byte[] encode() {
        byte[] out = new byte[ENCODED_LENGTH];
        System.arraycopy(z.encode(), 0, out, 0, Point.ENCODED_LENGTH);
        System.arraycopy(k.encode(), 0, out, Point.ENCODED_LENGTH, Point.ENCODED_LENGTH);
        System.arraycopy(sigma.toBytes(), 0, out, 2 * Point.ENCODED_LENGTH, Scalar.ENCODED_LENGTH);
        return out;
    }

    /** Exact length; both points validated (never infinity); {@code σ_Z < q}. */
    public static BaseOtSenderMessage decode(byte[] encoded) {
        if (encoded == null || encoded.length != ENCODED_LENGTH) {
            throw new InvalidEncodingException("base OT sender message: expected "
                    + ENCODED_LENGTH + " bytes");
        }
        int p = Point.ENCODED_LENGTH;
        Point z = Point.decode(Arrays.copyOfRange(encoded, 0, p));
        Point k = Point.decode(Arrays.copyOfRange(encoded, p, 2 * p));
        Scalar sigma = Scalar.fromBytes(Arrays.copyOfRange(encoded, 2 * p, ENCODED_LENGTH));
        return new BaseOtSenderMessage(z, k, sigma);
    }
}
