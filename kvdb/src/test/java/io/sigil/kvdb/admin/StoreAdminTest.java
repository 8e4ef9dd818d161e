package io.sigil.kvdb.admin;

import static io.sigil.kvdb.TestStores.SETUPS;
import static io.sigil.kvdb.TestStores.SHARDS;
import static io.sigil.kvdb.TestStores.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.ProgressListener;
import io.sigil.kvdb.TestStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreAdminTest {

    private static final String SECRET = "SUPER-SECRET-SHARD-VALUE";

    @TempDir
    Path directory;
    Path store;

    @BeforeEach
    void fill() {
        store = directory.resolve("store");
        try (EncryptedStore opened = TestStores.open(store)) {
            for (int index = 0; index < 7; index++) {
                opened.put(SHARDS, bytes("user-" + index), bytes(SECRET + index));
            }
            opened.put(SETUPS, bytes("pair"), bytes(SECRET));
        }
    }

    @Test
    void describeListsNamespacesCountsAndKeysButNoValues() {
        StoreAdmin.Description description = StoreAdmin.describe(store, TestStores.passphrase(TestStores.PASSPHRASE));
        assertEquals(7L, description.entriesPerNamespace().get("shards"));
        assertEquals(1L, description.entriesPerNamespace().get("setups"));
        assertEquals(1, description.dataKeys().size());
        assertEquals(8L, description.valuesPerKeyId().get(description.primaryKeyId()));
        String rendered = description.render();
        assertTrue(rendered.contains("shards") && rendered.contains("primary"), rendered);
        assertFalse(rendered.contains("SECRET"));
        assertFalse(rendered.toLowerCase().contains(HexFormat.of().formatHex(bytes("SUPER"))));
    }

    @Test
    void rotateMakesANewPrimaryAndReencryptsEverything() {
        StoreAdmin.Rotation rotation = StoreAdmin.rotate(store, TestStores.passphrase(TestStores.PASSPHRASE), ProgressListener.NONE);
        assertNotEquals(rotation.previousPrimaryKeyId(), rotation.newPrimaryKeyId());
        assertEquals(8, rotation.rekey().rewritten());
        StoreAdmin.Description after = StoreAdmin.describe(store, TestStores.passphrase(TestStores.PASSPHRASE));
        assertEquals(rotation.newPrimaryKeyId(), after.primaryKeyId());
        assertEquals(8L, after.valuesPerKeyId().get(rotation.newPrimaryKeyId()));
        assertEquals(1, StoreAdmin.retireOldKeys(store, TestStores.passphrase(TestStores.PASSPHRASE)));
    }

    private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... arguments) {
        return StoreAdminMain.run(arguments, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void commandLineInfoRotateAndErrors() throws Exception {
        Path passphraseFile = directory.resolve("passphrase");
        Files.writeString(passphraseFile, TestStores.PASSPHRASE + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, run(out, err, "info", "--data-dir", store.toString(), "--passphrase-file", passphraseFile.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("7 entries"), out.toString(StandardCharsets.UTF_8));
        assertEquals(0, run(out, err, "rotate", "--data-dir", store.toString(), "--passphrase-file", passphraseFile.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("8 of 8 values re-encrypted"), out.toString(StandardCharsets.UTF_8));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("SECRET"));

        Files.writeString(passphraseFile, "a wrong passphrase");
        assertEquals(1, run(out, err, "info", "--data-dir", store.toString(), "--passphrase-file", passphraseFile.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("wrong passphrase"), err.toString(StandardCharsets.UTF_8));
        assertEquals(1, run(out, err, "info", "--data-dir", directory.resolve("none").toString(),
                "--passphrase-file", passphraseFile.toString()));
        assertFalse(Files.exists(directory.resolve("none")), "info must never create a store");
        assertEquals(2, run(out, err, "info"));
        assertEquals(2, run(out, err, "explode", "--data-dir", store.toString()));
    }
}
