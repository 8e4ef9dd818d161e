package io.sigil.kvdb.keys;

import static io.sigil.kvdb.TestStores.SHARDS;
import static io.sigil.kvdb.TestStores.bytes;
import static io.sigil.kvdb.TestStores.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreCorruptedException;
import io.sigil.kvdb.StoreOptions;
import io.sigil.kvdb.TestStores;
import io.sigil.kvdb.WrongMasterKeyException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    @TempDir
    Path directory;

    private static Path writeKekKeyset(Path file) throws Exception {
        KeysetHandle kek = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        Files.writeString(file, TinkJsonProtoKeysetFormat.serializeKeyset(kek, InsecureSecretKeyAccess.get()));
        return file;
    }

    @Test
    void keysetFileKekOpensTheStoreAndAnotherKekIsRefused() throws Exception {
        Path kek = writeKekKeyset(directory.resolve("kek.json"));
        Path other = writeKekKeyset(directory.resolve("other.json"));
        Path store = directory.resolve("store");
        try (EncryptedStore opened = EncryptedStore.open(StoreOptions.of(store, new MasterKeySource.KeysetFile(kek), SHARDS))) {
            opened.put(SHARDS, bytes("k"), bytes("v"));
        }
        assertThrows(WrongMasterKeyException.class,
                () -> EncryptedStore.open(StoreOptions.of(store, new MasterKeySource.KeysetFile(other), SHARDS)));
        assertThrows(WrongMasterKeyException.class,
                () -> EncryptedStore.open(StoreOptions.of(store, TestStores.passphrase("a passphrase"), SHARDS)));
        try (EncryptedStore opened = EncryptedStore.open(StoreOptions.of(store, new MasterKeySource.KeysetFile(kek), SHARDS))) {
            assertEquals("v", text(opened.get(SHARDS, bytes("k")).orElseThrow()));
        }
    }

    @Test
    void passphraseStoreRefusesAKeysetFile() throws Exception {
        TestStores.open(directory).close();
        Path kek = writeKekKeyset(directory.resolve("kek.json"));
        assertThrows(WrongMasterKeyException.class,
                () -> EncryptedStore.open(StoreOptions.of(directory, new MasterKeySource.KeysetFile(kek), SHARDS)));
    }

    @Test
    void editedKdfParametersInTheHeaderAreRefused() throws Exception {
        try (EncryptedStore store = TestStores.open(directory)) {
            store.put(SHARDS, bytes("k"), bytes("v"));
        }
        Path file = directory.resolve(KeysetVault.FILE_NAME);
        byte[] original = Files.readAllBytes(file);
        // Header: magic(4) version(1) store id(16) kind(1) log2N(1) r(1) p(1) salt length(1) salt(16).
        int[] positions = {5, 22 /* log2N */, 23 /* r */, 26 + 3 /* a salt byte */};
        for (int position : positions) {
            byte[] edited = original.clone();
            edited[position] ^= 0x01;
            Files.write(file, edited);
            assertThrows(WrongMasterKeyException.class, () -> TestStores.open(directory), "edit at " + position);
        }
        Files.write(file, java.util.Arrays.copyOf(original, 30));
        assertThrows(StoreCorruptedException.class, () -> TestStores.open(directory));
        Files.write(file, original);
        try (EncryptedStore store = TestStores.open(directory)) {
            assertEquals("v", text(store.get(SHARDS, bytes("k")).orElseThrow()));
        }
    }

    @Test
    void storeWithValuesButNoKeysetIsReportedNotRecreated() throws Exception {
        try (EncryptedStore store = TestStores.open(directory)) {
            store.put(SHARDS, bytes("k"), bytes("v"));
        }
        Files.delete(directory.resolve(KeysetVault.FILE_NAME));
        assertThrows(StoreCorruptedException.class, () -> TestStores.open(directory));
    }

    @Test
    void passphraseFromFileDropsOneTrailingNewline() throws Exception {
        Path file = directory.resolve("passphrase");
        Files.writeString(file, TestStores.PASSPHRASE + "\n");
        Path store = directory.resolve("store");
        try (EncryptedStore opened = TestStores.open(store)) {
            opened.put(SHARDS, bytes("k"), bytes("v"));
        }
        MasterKeySource.Passphrase fromFile = MasterKeySource.Passphrase.fromFile(file, ScryptParameters.forTestsOnly());
        try (EncryptedStore opened = EncryptedStore.open(StoreOptions.of(store, fromFile, SHARDS))) {
            assertEquals("v", text(opened.get(SHARDS, bytes("k")).orElseThrow()));
        }
        assertFalse(fromFile.toString().contains("horse"));
        assertThrows(IllegalArgumentException.class,
                () -> MasterKeySource.Passphrase.fromEnvironment("SIGIL_KVDB_TEST_UNSET_VARIABLE", ScryptParameters.DEFAULT));
        assertThrows(IllegalArgumentException.class,
                () -> MasterKeySource.Passphrase.of("short".toCharArray(), ScryptParameters.DEFAULT));
    }

    @Test
    void defaultScryptParametersAreStrongAndWork() {
        assertEquals(1 << 17, ScryptParameters.DEFAULT.costN());
        assertEquals(8, ScryptParameters.DEFAULT.blockSize());
        assertEquals(1, ScryptParameters.DEFAULT.parallelism());
        MasterKeySource.Passphrase strong = MasterKeySource.Passphrase.of(TestStores.PASSPHRASE.toCharArray(), ScryptParameters.DEFAULT);
        try (EncryptedStore store = EncryptedStore.open(StoreOptions.of(directory, strong, SHARDS))) {
            store.put(SHARDS, bytes("k"), bytes("v"));
        }
        // Reopening with cheap creation parameters still derives with the stored, strong ones.
        try (EncryptedStore store = TestStores.open(directory)) {
            assertEquals("v", text(store.get(SHARDS, bytes("k")).orElseThrow()));
        }
    }
}
