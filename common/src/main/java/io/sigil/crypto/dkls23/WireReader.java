package io.sigil.crypto.dkls23;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Sequential reader of a fixed-layout message. Every read checks the remaining length and
 * {@link #finish()} refuses trailing bytes, so one value has exactly one encoding. Errors name the
 * field, never its content.
 */
public final class WireReader {

    private final byte[] bytes;
    private final String what;
    private int offset;

    public WireReader(byte[] bytes, String what) {
        this.bytes = bytes;
        this.what = what;
    }

    public byte[] bytes(int length, String field) {
        int start = skip(length, field);
        return Arrays.copyOfRange(bytes, start, start + length);
    }

    /**
     * Passes over the next {@code length} bytes and returns where they start, for a field that is
     * decoded in place from the reader's array (large ones, such as {@code MUL2}, need no copy).
     */
    public int skip(int length, String field) {
        if (length < 0 || bytes.length - offset < length) {
            throw new InvalidEncodingException(what + ": truncated at " + field);
        }
        int start = offset;
        offset += length;
        return start;
    }

    public int u8(String field) {
        return bytes(1, field)[0] & 0xFF;
    }

    public long u32(String field) {
        byte[] b = bytes(4, field);
        return ((long) (b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    public long u64(String field) {
        byte[] b = bytes(8, field);
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        if (v < 0) {
            throw new InvalidEncodingException(what + ": " + field + " out of range");
        }
        return v;
    }

    /** {@code u64(|x|) ‖ x} with {@code |x| <= maxLength}. */
    public byte[] lengthPrefixed(int maxLength, String field) {
        long length = u64(field + " length");
        if (length > maxLength) {
            throw new InvalidEncodingException(what + ": " + field + " too long");
        }
        return bytes((int) length, field);
    }

    public String utf8(int maxLength, String field) {
        return new String(lengthPrefixed(maxLength, field), StandardCharsets.UTF_8);
    }

    public Scalar scalar(String field) {
        try {
            return Scalar.fromBytes(bytes(Scalar.ENCODED_LENGTH, field));
        } catch (InvalidEncodingException e) {
            throw new InvalidEncodingException(what + ": " + field + " is not a scalar below q");
        }
    }

    public Point point(String field) {
        try {
            return Point.decode(bytes(Point.ENCODED_LENGTH, field));
        } catch (InvalidEncodingException e) {
            throw new InvalidEncodingException(what + ": " + field + " is not a valid point");
        }
    }

    public int remaining() {
        return bytes.length - offset;
    }

    public void finish() {
        if (offset != bytes.length) {
            throw new InvalidEncodingException(what + ": " + (bytes.length - offset) + " trailing bytes");
        }
    }
}
