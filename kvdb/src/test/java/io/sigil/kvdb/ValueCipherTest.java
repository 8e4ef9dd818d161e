package io.sigil.kvdb;

import static io.sigil.kvdb.TestStores.SHARDS;
import static io.sigil.kvdb.TestStores.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.kvdb.keys.DataKeyring;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The value format did not change when the nonce moved from Tink's per-thread generator to the
 * ring's shared one: values written either way read back either way.
 */
class ValueCipherTest {
    private final DataKeyring keyring = DataKeyring.generate().withNewPrimary();
    private final byte[] key = bytes("alice");
    private final byte[] plaintext = bytes("alice shard secret");

    @Test
    void aValueHasTinksLayoutUnderThePrimaryAndTinksAeadOpensIt() throws Exception {
        byte[] stored = ValueCipher.encrypt(keyring, SHARDS, key, plaintext);
        assertEquals(ValueCipher.FORMAT_VERSION, stored[0]);
        assertEquals(1, stored[1], "Tink prefix");
        assertEquals(keyring.primaryKeyId(), ByteBuffer.wrap(stored, 2, 4).getInt());
        assertEquals(1 + 5 + 12 + plaintext.length + 16, stored.length);
        // what the store read before this change: Tink's AEAD over the ring
        assertArrayEquals(plaintext, keyring.aead().decrypt(Arrays.copyOfRange(stored, 1, stored.length),
                ValueCipher.associatedData(SHARDS, key)));
    }

    @Test
    void aValueWrittenByTinksAeadStillDecrypts() throws Exception {
        byte[] written = keyring.aead().encrypt(plaintext, ValueCipher.associatedData(SHARDS, key));
        byte[] stored = new byte[written.length + 1];
        stored[0] = ValueCipher.FORMAT_VERSION;
        System.arraycopy(written, 0, stored, 1, written.length);
        assertArrayEquals(plaintext, ValueCipher.decrypt(keyring, SHARDS, key, stored));
    }

    @Test
    void everyValueGetsItsOwnNonceAndEveryByteIsAuthenticated() {
        Set<String> nonces = new HashSet<>();
        for (int round = 0; round < 1000; round++) {
            byte[] stored = ValueCipher.encrypt(keyring, SHARDS, key, plaintext);
            nonces.add(Arrays.toString(Arrays.copyOfRange(stored, 6, 18)));
        }
        assertEquals(1000, nonces.size());
        byte[] stored = ValueCipher.encrypt(keyring, SHARDS, key, plaintext);
        for (int position = 6; position < stored.length; position++) {
            byte[] edited = stored.clone();
            edited[position] ^= 1;
            assertThrows(TamperedValueException.class, () -> ValueCipher.decrypt(keyring, SHARDS, key, edited),
                    "edit at " + position);
        }
        assertThrows(TamperedValueException.class, () -> ValueCipher.decrypt(keyring, SHARDS, bytes("bob"), stored));
        assertFalse(Arrays.equals(plaintext, Arrays.copyOfRange(stored, 18, 18 + plaintext.length)));
    }
}
