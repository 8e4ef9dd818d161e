package io.sigil.kvdb;

import static io.sigil.kvdb.TestStores.SETUPS;
import static io.sigil.kvdb.TestStores.SHARDS;
import static io.sigil.kvdb.TestStores.keyFor;
import static io.sigil.kvdb.TestStores.valueFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupTest {

    @TempDir
    Path directory;

    private static List<StoreEntry> contents(EncryptedStore store, Namespace namespace) {
        return store.scan(namespace, new byte[0], Integer.MAX_VALUE);
    }

    private static void assertSameContents(List<StoreEntry> expected, List<StoreEntry> actual) {
        assertEquals(expected.size(), actual.size());
        for (int index = 0; index < expected.size(); index++) {
            assertArrayEquals(expected.get(index).key(), actual.get(index).key());
            assertArrayEquals(expected.get(index).value(), actual.get(index).value());
        }
    }

    @Test
    void checkpointThenRestoreIntoAFreshDirectoryYieldsIdenticalContents() {
        Path live = directory.resolve("live");
        Path backup = directory.resolve("backup");
        Path restored = directory.resolve("restored");
        List<StoreEntry> shards;
        List<StoreEntry> setups;
        try (EncryptedStore store = TestStores.open(live)) {
            for (int index = 0; index < 500; index++) {
                store.put(index % 3 == 0 ? SETUPS : SHARDS, keyFor(index), valueFor(index));
            }
            store.rotateKey(); // the backup must carry both data keys
            store.put(SHARDS, keyFor(9999), valueFor(9999));
            store.checkpoint(backup);
            shards = contents(store, SHARDS);
            setups = contents(store, SETUPS);
            // Writes after the checkpoint must not leak into the backup.
            store.put(SHARDS, keyFor(10_000), valueFor(10_000));
            store.delete(SHARDS, keyFor(1));
        }
        EncryptedStore.restore(backup, restored);
        try (EncryptedStore store = TestStores.open(restored)) {
            assertSameContents(shards, contents(store, SHARDS));
            assertSameContents(setups, contents(store, SETUPS));
            assertEquals(2, store.dataKeys().size());
        }
        // The restored copy is independent of the live store.
        try (EncryptedStore store = TestStores.open(live)) {
            assertEquals(shards.size(), contents(store, SHARDS).size());
            assertArrayEquals(valueFor(10_000), store.get(SHARDS, keyFor(10_000)).orElseThrow());
        }
    }

    @Test
    void restoreRefusesToOverwriteAndRejectsNonBackups() throws Exception {
        Path live = directory.resolve("live");
        try (EncryptedStore store = TestStores.open(live)) {
            store.put(SHARDS, keyFor(1), valueFor(1));
            store.checkpoint(directory.resolve("backup"));
            assertThrows(StoreException.class, () -> store.checkpoint(directory.resolve("backup")));
        }
        Files.createDirectories(directory.resolve("occupied"));
        assertThrows(StoreException.class, () -> EncryptedStore.restore(directory.resolve("backup"), directory.resolve("occupied")));
        Files.createDirectories(directory.resolve("empty"));
        assertThrows(StoreCorruptedException.class, () -> EncryptedStore.restore(directory.resolve("empty"), directory.resolve("target")));
    }

    @Test
    void backupNeedsTheSameMasterKey() {
        Path live = directory.resolve("live");
        try (EncryptedStore store = TestStores.open(live)) {
            store.put(SHARDS, keyFor(1), valueFor(1));
            store.checkpoint(directory.resolve("backup"));
        }
        EncryptedStore.restore(directory.resolve("backup"), directory.resolve("restored"));
        assertThrows(WrongMasterKeyException.class, () -> EncryptedStore.open(
                StoreOptions.of(directory.resolve("restored"), TestStores.passphrase("someone else's"), SHARDS)));
    }
}
