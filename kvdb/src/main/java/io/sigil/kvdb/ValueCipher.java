package io.sigil.kvdb;

import io.sigil.kvdb.keys.DataKeyring;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;

/**
 * Encrypts and decrypts stored values.
 *
 * <p>Stored value: {@code u8 format=1 ‖ Tink ciphertext}, where the Tink ciphertext is
 * {@code 0x01 ‖ u32 key id ‖ 12-byte nonce ‖ ciphertext ‖ 16-byte tag} (AES256-GCM, Tink prefix).
 * Associated data: {@code "sigil-kvdb/value" ‖ u8 format ‖ u32 len ‖ namespace ‖ u32 len ‖ key}.
 * Length prefixes make the encoding injective: plain concatenation would let ("ab","c") and
 * ("a","bc") share associated data, so a value could be moved between them undetected.
 */
final class ValueCipher {

    static final byte FORMAT_VERSION = 1;
    private static final byte TINK_PREFIX = 1;
    private static final byte[] LABEL = "sigil-kvdb/value".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ValueCipher() {}

    static byte[] associatedData(Namespace namespace, byte[] key) {
        byte[] name = namespace.nameBytes();
        return ByteBuffer.allocate(LABEL.length + 1 + 4 + name.length + 4 + key.length)
                .put(LABEL)
                .put(FORMAT_VERSION)
                .putInt(name.length).put(name)
                .putInt(key.length).put(key)
                .array();
    }

    static byte[] encrypt(DataKeyring keyring, Namespace namespace, byte[] key, byte[] plaintext) {
        try {
            byte[] ciphertext = keyring.encrypt(plaintext, associatedData(namespace, key));
            byte[] stored = new byte[ciphertext.length + 1];
            stored[0] = FORMAT_VERSION;
            System.arraycopy(ciphertext, 0, stored, 1, ciphertext.length);
            return stored;
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot encrypt value for namespace '" + namespace + "'", e);
        }
    }

    static byte[] decrypt(DataKeyring keyring, Namespace namespace, byte[] key, byte[] stored) {
        if (stored.length < 1 + 5 || stored[0] != FORMAT_VERSION) {
            throw new TamperedValueException(namespace, key, "unknown value format or truncated value");
        }
        if (!keyring.contains(keyIdOf(stored))) {
            throw new TamperedValueException(namespace, key,
                    "written under data key " + Integer.toUnsignedString(keyIdOf(stored)) + ", which is not in the keyset");
        }
        try {
            return keyring.aead().decrypt(java.util.Arrays.copyOfRange(stored, 1, stored.length),
                    associatedData(namespace, key));
        } catch (GeneralSecurityException e) {
            throw new TamperedValueException(namespace, key, "AEAD check failed");
        }
    }

    /** The data key id a stored value was written under, read from Tink's output prefix. */
    static int keyIdOf(byte[] stored) {
        if (stored.length < 6 || stored[0] != FORMAT_VERSION || stored[1] != TINK_PREFIX) {
            return 0;
        }
        return ByteBuffer.wrap(stored, 2, 4).getInt();
    }
}
