package io.sigil.crypto.hd;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Base58Check as BIP32 serialises extended keys: Base58 (Bitcoin's alphabet) of
 * {@code payload || first 4 bytes of SHA-256(SHA-256(payload))}. Only decoding, of a payload of a
 * known length (78 bytes for an extended key), which is all reading an {@code xprv}/{@code xpub}
 * needs. Messages name what is wrong, never the text (an {@code xprv} is a secret).
 */
public final class Base58Check {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int CHECKSUM_LENGTH = 4;

    private Base58Check() {
    }

    /**
     * The {@code payloadLength}-byte payload of {@code text}.
     *
     * @throws IllegalArgumentException when a character is not Base58, the length is not
     *     {@code payloadLength} plus the checksum, or the checksum does not match
     */
    public static byte[] decode(String text, int payloadLength) {
        BigInteger value = BigInteger.ZERO;
        int leadingZeros = 0;
        boolean leading = true;
        for (char c : text.toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) {
                throw new IllegalArgumentException("a character is not Base58");
            }
            if (leading && digit == 0) {
                leadingZeros++;
            } else {
                leading = false;
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
        int length = leadingZeros + magnitude.length - skip;
        if (length != payloadLength + CHECKSUM_LENGTH) {
            throw new IllegalArgumentException("expected " + (payloadLength + CHECKSUM_LENGTH) + " bytes, got " + length);
        }
        byte[] bytes = new byte[length];
        System.arraycopy(magnitude, skip, bytes, leadingZeros, magnitude.length - skip);
        byte[] payload = Arrays.copyOfRange(bytes, 0, payloadLength);
        byte[] check = doubleSha256(payload);
        boolean matches = MessageDigest.isEqual(Arrays.copyOfRange(check, 0, CHECKSUM_LENGTH),
                Arrays.copyOfRange(bytes, payloadLength, length));
        Arrays.fill(bytes, (byte) 0);
        if (!matches) {
            Arrays.fill(payload, (byte) 0);
            throw new IllegalArgumentException("the Base58Check checksum does not match");
        }
        return payload;
    }

    private static byte[] doubleSha256(byte[] payload) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return sha256.digest(sha256.digest(payload));
        } catch (NoSuchAlgorithmException missing) {
            throw new IllegalStateException(missing);
        }
    }
}
