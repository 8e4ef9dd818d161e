package io.sigil.crypto.hash;

import java.util.List;

/**
 * Fixed-width integer and framing encodings of spec §1.2 and §1.3. All integers are big-endian;
 * every variable-length value that enters a hash is length-prefixed with {@code u64}.
 */
public final class Encoding {

    private Encoding() {
    }

    /** One byte, 0..255. */
    public static byte[] u8(int v) {
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException("u8 out of range: " + v);
        }
        return new byte[] {(byte) v};
    }

    /** Four bytes big-endian, 0..2^32-1. */
    public static byte[] u32(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("u32 out of range: " + v);
        }
        byte[] out = new byte[4];
        writeU32(out, 0, v);
        return out;
    }

    /** Eight bytes big-endian; negative values are refused (lengths and times are non-negative). */
    public static byte[] u64(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("u64 out of range: " + v);
        }
        byte[] out = new byte[8];
        writeU64(out, 0, v);
        return out;
    }

    /** {@code L(x) = u64(|x|) || x}. */
    public static byte[] lengthPrefixed(byte[] x) {
        byte[] out = new byte[8 + x.length];
        writeU64(out, 0, x.length);
        System.arraycopy(x, 0, out, 8, x.length);
        return out;
    }

    /** {@code LIST(e1..em) = u32(m) || L(e1) || ... || L(em)}; used as one hash field. */
    public static byte[] list(List<byte[]> elements) {
        int total = 4;
        for (byte[] e : elements) {
            total = Math.addExact(total, 8 + e.length);
        }
        byte[] out = new byte[total];
        writeU32(out, 0, elements.size());
        int offset = 4;
        for (byte[] e : elements) {
            writeU64(out, offset, e.length);
            System.arraycopy(e, 0, out, offset + 8, e.length);
            offset += 8 + e.length;
        }
        return out;
    }

    /** {@code TUPLE(a, b) = L(a) || L(b)}. */
    public static byte[] tuple(byte[] a, byte[] b) {
        return concat(lengthPrefixed(a), lengthPrefixed(b));
    }

    /** Plain concatenation, for building fixed-width records (not for hash inputs). */
    public static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] p : parts) {
            total = Math.addExact(total, p.length);
        }
        byte[] out = new byte[total];
        int offset = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, offset, p.length);
            offset += p.length;
        }
        return out;
    }

    static void writeU32(byte[] out, int offset, long v) {
        out[offset] = (byte) (v >>> 24);
        out[offset + 1] = (byte) (v >>> 16);
        out[offset + 2] = (byte) (v >>> 8);
        out[offset + 3] = (byte) v;
    }

    static void writeU64(byte[] out, int offset, long v) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (v >>> (56 - 8 * i));
        }
    }
}
