package io.sigil.crypto.hd;

import io.sigil.crypto.ec.Point;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Test-only reader of a BIP32 serialised extended public key ({@code xpub…}, Base58Check): version
 * {@code 0488B21E}, depth, parent fingerprint, child number, chain code, compressed key, read
 * with the project's {@link Base58Check} (the vectors' checksums also test that reader).
 */
record ExtendedPublicKey(int depth, long childNumber, byte[] chainCode, Point publicKey) {

    private static final int PAYLOAD_LENGTH = 78;

    static ExtendedPublicKey parse(String text) {
        byte[] payload = Base58Check.decode(text, PAYLOAD_LENGTH);
        if (!Arrays.equals(Arrays.copyOfRange(payload, 0, 4), new byte[] {0x04, (byte) 0x88, (byte) 0xB2, 0x1E})) {
            throw new IllegalArgumentException("not a mainnet xpub");
        }
        long child = new BigInteger(1, Arrays.copyOfRange(payload, 9, 13)).longValueExact();
        return new ExtendedPublicKey(payload[4] & 0xFF, child, Arrays.copyOfRange(payload, 13, 45),
                Point.decode(Arrays.copyOfRange(payload, 45, 78)));
    }
}
