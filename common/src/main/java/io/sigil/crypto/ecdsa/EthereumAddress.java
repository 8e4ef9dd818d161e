package io.sigil.crypto.ecdsa;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hash.Keccak;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Ethereum addresses: the last 20 bytes of {@code keccak256(X || Y)} of the public key, written
 * with the EIP-55 mixed-case checksum.
 */
public final class EthereumAddress {

    public static final int LENGTH = 20;

    private EthereumAddress() {
    }

    /** 20 address bytes of a public key. */
    public static byte[] addressBytes(Point publicKey) {
        byte[] uncompressed = publicKey.encodeUncompressed();
        byte[] hash = Keccak.keccak256(Arrays.copyOfRange(uncompressed, 1, uncompressed.length));
        return Arrays.copyOfRange(hash, hash.length - LENGTH, hash.length);
    }

    /** EIP-55 checksummed {@code "0x…"} address of a public key. */
    public static String fromPublicKey(Point publicKey) {
        return fromAddressBytes(addressBytes(publicKey));
    }

    /** EIP-55 checksummed form of 20 address bytes. */
    public static String fromAddressBytes(byte[] address) {
        if (address == null || address.length != LENGTH) {
            throw new InvalidEncodingException("ethereum address: expected 20 bytes");
        }
        String lower = HexFormat.of().formatHex(address);
        byte[] hash = Keccak.keccak256(lower.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            int nibble = (hash[i >> 1] >> ((i & 1) == 0 ? 4 : 0)) & 0xF;
            out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    /** Parses a 40-hex-digit address (with or without "0x", any case) into 20 bytes. */
    public static byte[] parse(String address) {
        String digits = address.startsWith("0x") || address.startsWith("0X") ? address.substring(2) : address;
        if (digits.length() != 2 * LENGTH) {
            throw new InvalidEncodingException("ethereum address: expected 40 hex digits");
        }
        try {
            return HexFormat.of().parseHex(digits.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidEncodingException("ethereum address: not hexadecimal");
        }
    }

    /** EIP-55 form of any address string. */
    public static String checksum(String address) {
        return fromAddressBytes(parse(address));
    }

    /**
     * True when {@code address} ("0x" + 40 hex digits) carries a correct EIP-55 checksum. All-lower
     * and all-upper addresses carry no checksum and are reported as false.
     */
    public static boolean hasValidChecksum(String address) {
        if (!address.startsWith("0x")) {
            return false;
        }
        try {
            return checksum(address).equals(address);
        } catch (InvalidEncodingException e) {
            return false;
        }
    }
}
