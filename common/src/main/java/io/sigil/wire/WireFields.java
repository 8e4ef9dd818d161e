package io.sigil.wire;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.registry.PublicKeyBytes;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decoding of the wire's text fields into validated values, one place for every service and the
 * SDK. Each method names the field in its {@link WireFormatException}; none echoes the value.
 * Hex is lower or upper case with an optional {@code 0x}; binary blobs are standard base64.
 */
public final class WireFields {
    /** User ids, key ids and node ids: short, printable, safe in paths and store keys. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final HexFormat HEX = HexFormat.of();

    private WireFields() {
    }

    public static String identifier(String field, String value) {
        if (value == null) {
            throw new WireFormatException(field, "missing");
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new WireFormatException(field, "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    /** {@code value} cut to 64 printable ASCII characters, for quoting an untrusted id in a message. */
    public static String printable(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && out.length() < 64; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    public static byte[] hex(String field, String value, int length) {
        if (value == null) {
            throw new WireFormatException(field, "missing");
        }
        String digits = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
        if (digits.length() != length * 2) {
            throw new WireFormatException(field, "expected " + length + " bytes (" + length * 2 + " hex digits), got "
                    + digits.length() + " digits");
        }
        try {
            return HEX.parseHex(digits);
        } catch (IllegalArgumentException notHex) {
            throw new WireFormatException(field, "not hexadecimal");
        }
    }

    public static String toHex(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }

    public static byte[] base64(String field, String value, int maxBytes) {
        if (value == null) {
            throw new WireFormatException(field, "missing");
        }
        if (value.length() > (maxBytes + 2) / 3 * 4) {
            throw new WireFormatException(field, "longer than " + maxBytes + " bytes");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notBase64) {
            throw new WireFormatException(field, "not base64");
        }
    }

    public static String toBase64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static PublicKeyBytes publicKey(String field, String value) {
        return PublicKeyBytes.of(hex(field, value, PublicKeyBytes.LENGTH));
    }

    /** A compressed secp256k1 point, checked on the curve and not the identity. */
    public static Point point(String field, String value) {
        byte[] encoded = hex(field, value, Point.ENCODED_LENGTH);
        try {
            return Point.decode(encoded);
        } catch (IllegalArgumentException invalid) {
            throw new WireFormatException(field, "not a valid compressed secp256k1 point");
        }
    }

    public static String pointHex(Point point) {
        return toHex(point.encode());
    }

    /** A scalar in [1, q). */
    public static Scalar nonZeroScalar(String field, byte[] encoded) {
        try {
            return Scalar.fromBytesNonZero(encoded);
        } catch (IllegalArgumentException invalid) {
            throw new WireFormatException(field, "not a scalar in [1, q)");
        }
    }

    public static <T> List<T> boundedList(String field, List<T> value, int min, int max) {
        if (value == null) {
            throw new WireFormatException(field, "missing");
        }
        if (value.size() < min || value.size() > max) {
            throw new WireFormatException(field, "must hold " + min + " to " + max + " entries, holds " + value.size());
        }
        for (T element : value) {
            if (element == null) {
                throw new WireFormatException(field, "holds a null entry");
            }
        }
        return value;
    }
}
