package io.sigil.client.user;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hd.Base58Check;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.util.Arrays;

/**
 * A BIP32 extended private key ({@code xprv…} or testnet {@code tprv…}) to import as a dealt key
 * (docs/keygen.md §4.1): its key and chain code register together, so the key keeps the children
 * its wallet already shows. Depth, parent fingerprint and child number may be anything: the
 * imported key becomes the network's parent key {@code m}. Secret: {@link #toString} shows nothing.
 */
public record ExtendedPrivateKey(Scalar key, byte[] chainCode) {
    private static final int PAYLOAD_LENGTH = 78;
    private static final byte[] MAINNET = {0x04, (byte) 0x88, (byte) 0xAD, (byte) 0xE4};
    private static final byte[] TESTNET = {0x04, 0x35, (byte) 0x83, (byte) 0x94};

    public ExtendedPrivateKey {
        chainCode = chainCode.clone();
    }

    /**
     * Reads a serialised extended private key: version, depth, parent fingerprint, child number,
     * chain code (32), {@code 0x00 || k} (33), Base58Check.
     *
     * @throws IllegalArgumentException naming what is wrong (never the text)
     */
    public static ExtendedPrivateKey parse(String text) {
        byte[] payload = Base58Check.decode(text.strip(), PAYLOAD_LENGTH);
        try {
            byte[] version = Arrays.copyOfRange(payload, 0, 4);
            if (!Arrays.equals(version, MAINNET) && !Arrays.equals(version, TESTNET)) {
                throw new IllegalArgumentException("not an extended private key (xprv or tprv): an xpub cannot be "
                        + "imported, nobody could sign with it");
            }
            if (payload[45] != 0) {
                throw new IllegalArgumentException("the key data does not start with 0x00 (a private key's marker)");
            }
            byte[] key = Arrays.copyOfRange(payload, 46, 78);
            try {
                return new ExtendedPrivateKey(WireFields.nonZeroScalar("private key", key),
                        Arrays.copyOfRange(payload, 13, 45));
            } catch (WireFormatException invalid) {
                throw new IllegalArgumentException("the private key is not a number in [1, q) of secp256k1");
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
    }

    @Override
    public byte[] chainCode() {
        return chainCode.clone();
    }

    @Override
    public String toString() {
        return "ExtendedPrivateKey[redacted]";
    }
}
