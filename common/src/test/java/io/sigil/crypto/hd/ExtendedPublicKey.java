package io.sigil.crypto.hd;

import io.sigil.crypto.ec.Point;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Test-only reader of a BIP32 serialised extended public key ({@code xpub…}, Base58Check): version
 * {@code 0488B21E}, depth, parent fingerprint, child number, chain code, compressed key. Written
 * out here (a few lines) rather than pulling a Bitcoin library into the build for two vectors.
 */
record ExtendedPublicKey(int depth, long childNumber, byte[] chainCode, Point publicKey) {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int PAYLOAD_LENGTH = 78;

    static ExtendedPublicKey parse(String text) throws Exception {
        BigInteger value = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) {
                throw new IllegalArgumentException("not Base58: " + c);
            }
            value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
        }
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[PAYLOAD_LENGTH + 4];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        byte[] payload = Arrays.copyOfRange(bytes, 0, PAYLOAD_LENGTH);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] check = sha256.digest(sha256.digest(payload));
        if (!Arrays.equals(Arrays.copyOfRange(check, 0, 4), Arrays.copyOfRange(bytes, PAYLOAD_LENGTH, bytes.length))) {
            throw new IllegalArgumentException("Base58Check checksum mismatch");
        }
        if (!Arrays.equals(Arrays.copyOfRange(payload, 0, 4), new byte[] {0x04, (byte) 0x88, (byte) 0xB2, 0x1E})) {
            throw new IllegalArgumentException("not a mainnet xpub");
        }
        long child = new BigInteger(1, Arrays.copyOfRange(payload, 9, 13)).longValueExact();
        return new ExtendedPublicKey(payload[4] & 0xFF, child, Arrays.copyOfRange(payload, 13, 45),
                Point.decode(Arrays.copyOfRange(payload, 45, 78)));
    }
}
