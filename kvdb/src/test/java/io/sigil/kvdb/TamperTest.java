package io.sigil.kvdb;

import static io.sigil.kvdb.TestStores.SETUPS;
import static io.sigil.kvdb.TestStores.SHARDS;
import static io.sigil.kvdb.TestStores.bytes;
import static io.sigil.kvdb.TestStores.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An attacker with write access to the RocksDB files: every edit is detected, nothing else harmed. */
class TamperTest {

    @TempDir
    Path directory;

    @BeforeEach
    void fill() {
        try (EncryptedStore store = TestStores.open(directory)) {
            store.put(SHARDS, bytes("alice"), bytes("alice shard secret"));
            store.put(SHARDS, bytes("bob"), bytes("bob shard secret"));
            store.put(SETUPS, bytes("alice"), bytes("alice setup"));
            store.put(SHARDS, bytes("ab"), bytes("ab value"));
            store.put(SHARDS, bytes("a"), bytes("a value"));
        }
    }

    private void assertUntouchedValuesStillRead(EncryptedStore store) {
        assertEquals("alice setup", text(store.get(SETUPS, bytes("alice")).orElseThrow()));
        assertEquals("ab value", text(store.get(SHARDS, bytes("ab")).orElseThrow()));
    }

    @Test
    void ciphertextMovedToAnotherKeyIsRefused() throws Exception {
        try (RawRocks raw = new RawRocks(directory)) {
            raw.put(SHARDS, bytes("bob"), raw.get(SHARDS, bytes("alice")));
        }
        try (EncryptedStore store = TestStores.open(directory)) {
            TamperedValueException error = assertThrows(TamperedValueException.class, () -> store.get(SHARDS, bytes("bob")));
            assertEquals(SHARDS, error.namespace());
            assertTrue(error.getMessage().contains("shards") && error.getMessage().contains("626f62"), error.getMessage());
            assertFalse(error.getMessage().contains("secret"), "no value bytes in messages");
            assertEquals("alice shard secret", text(store.get(SHARDS, bytes("alice")).orElseThrow()));
            assertUntouchedValuesStillRead(store);
            // A scan over the damaged entry refuses too, rather than skipping it silently.
            assertThrows(TamperedValueException.class, () -> store.scan(SHARDS, bytes("b"), 10));
            // Compare-and-put cannot be fooled into "identical" or "stored" by a moved value.
            assertThrows(TamperedValueException.class,
                    () -> store.compareAndPut(SHARDS, bytes("bob"), bytes("alice shard secret")));
        }
    }

    @Test
    void ciphertextMovedToAnotherNamespaceIsRefused() throws Exception {
        try (RawRocks raw = new RawRocks(directory)) {
            raw.put(SETUPS, bytes("alice"), raw.get(SHARDS, bytes("alice")));
        }
        try (EncryptedStore store = TestStores.open(directory)) {
            assertThrows(TamperedValueException.class, () -> store.get(SETUPS, bytes("alice")));
            assertEquals("alice shard secret", text(store.get(SHARDS, bytes("alice")).orElseThrow()));
        }
    }

    @Test
    void lengthPrefixedAssociatedDataSeparatesKeysThatConcatenateAlike() throws Exception {
        // With plain concatenation, namespace "shards" + key "ab" could collide with other splits;
        // here a value moved between keys "a" and "ab" must fail.
        try (RawRocks raw = new RawRocks(directory)) {
            raw.put(SHARDS, bytes("a"), raw.get(SHARDS, bytes("ab")));
        }
        try (EncryptedStore store = TestStores.open(directory)) {
            assertThrows(TamperedValueException.class, () -> store.get(SHARDS, bytes("a")));
        }
        assertFalse(java.util.Arrays.equals(
                ValueCipher.associatedData(Namespace.of("ab"), bytes("c")),
                ValueCipher.associatedData(Namespace.of("a"), bytes("bc"))));
    }

    @Test
    void everySingleFlippedBitIsDetected() throws Exception {
        byte[] original;
        try (RawRocks raw = new RawRocks(directory)) {
            original = raw.get(SHARDS, bytes("bob"));
        }
        // Every byte position of the stored value: format byte, Tink prefix, nonce, body and tag.
        for (int position = 0; position < original.length; position++) {
            byte[] flipped = original.clone();
            flipped[position] ^= 0x01;
            try (RawRocks raw = new RawRocks(directory)) {
                raw.put(SHARDS, bytes("bob"), flipped);
            }
            try (EncryptedStore store = TestStores.open(directory)) {
                assertThrows(TamperedValueException.class, () -> store.get(SHARDS, bytes("bob")),
                        "flip at byte " + position);
                assertUntouchedValuesStillRead(store);
            }
        }
        try (RawRocks raw = new RawRocks(directory)) {
            raw.put(SHARDS, bytes("bob"), java.util.Arrays.copyOf(original, 10));
        }
        try (EncryptedStore store = TestStores.open(directory)) {
            assertThrows(TamperedValueException.class, () -> store.get(SHARDS, bytes("bob")));
        }
    }

    @Test
    void wrongPassphraseIsRefusedAtOpenAndHarmsNothing() {
        StoreOptions wrong = StoreOptions.of(directory, TestStores.passphrase("not the passphrase"), SHARDS, SETUPS);
        WrongMasterKeyException error = assertThrows(WrongMasterKeyException.class, () -> EncryptedStore.open(wrong));
        assertTrue(error.getMessage().contains("wrong passphrase"), error.getMessage());
        try (EncryptedStore store = TestStores.open(directory)) {
            assertEquals("alice shard secret", text(store.get(SHARDS, bytes("alice")).orElseThrow()));
            assertUntouchedValuesStillRead(store);
        }
    }
}
