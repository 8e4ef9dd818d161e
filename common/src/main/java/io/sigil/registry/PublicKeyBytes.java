package io.sigil.registry;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte public key pinned in the registry (Ed25519 identity key or X25519 HPKE key).
 * Public material only, so it prints as hex.
 */
public final class PublicKeyBytes {
    public static final int LENGTH = 32;
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private PublicKeyBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static PublicKeyBytes of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a public key must be exactly " + LENGTH + " bytes, got "
                    + (bytes == null ? "none" : bytes.length));
        }
        return new PublicKeyBytes(bytes.clone());
    }

    /** Parses 64 hex digits (an optional 0x prefix is accepted). */
    public static PublicKeyBytes fromHex(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("missing");
        }
        String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
        if (digits.length() != LENGTH * 2) {
            throw new IllegalArgumentException("expected " + LENGTH * 2 + " hex digits, got " + digits.length());
        }
        try {
            return new PublicKeyBytes(HEX.parseHex(digits));
        } catch (IllegalArgumentException notHex) {
            throw new IllegalArgumentException("not hexadecimal");
        }
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public String toHex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PublicKeyBytes key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
