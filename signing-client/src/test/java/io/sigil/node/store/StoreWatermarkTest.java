package io.sigil.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.kvdb.StoreOptions;
import io.sigil.kvdb.keys.MasterKeySource;
import io.sigil.kvdb.keys.ScryptParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore is judged on the store as opened and the mark as the previous run left it: writes made
 * at start-up before the check, or an early advance of the mark, must not hide it (a replica
 * catch-up run once reported a restored node's start as an ordinary one because of that).
 */
class StoreWatermarkTest {
    private static final Namespace DATA = Namespace.of("data");

    @TempDir
    Path directory;

    @Test
    void aRestoreIsNoticedEvenWhenStartUpWritesLiftTheStoreAboveTheMarkBeforeTheCheck() {
        Path storeDirectory = directory.resolve("store");
        Path backup = directory.resolve("backup");
        Path mark = directory.resolve("store-watermark");
        try (EncryptedStore store = open(storeDirectory)) {
            StoreWatermark watermark = new StoreWatermark(store, store.sequenceNumber(), mark);
            assertThat(watermark.wentBackSinceLastRun()).as("no mark yet").isEmpty();
            put(store, "before the backup");
            store.checkpoint(backup);
            put(store, "after the backup"); // the one write a restore forgets
            watermark.advance();
        }

        EncryptedStore.restore(backup, storeDirectory.resolveSibling("restored"));
        try (EncryptedStore restored = open(storeDirectory.resolveSibling("restored"))) {
            long atOpen = restored.sequenceNumber();
            StoreWatermark watermark = new StoreWatermark(restored, atOpen, mark);
            for (int write = 0; write < 5; write++) {
                put(restored, "start-up write " + write); // now above the old mark
            }
            watermark.advance(); // and the mark rewritten lower than the previous run's
            assertThat(watermark.wentBackSinceLastRun()).contains(true);
        }
    }

    @Test
    void anOrdinaryRestartIsNotARestore() {
        Path storeDirectory = directory.resolve("store");
        Path mark = directory.resolve("store-watermark");
        try (EncryptedStore store = open(storeDirectory)) {
            StoreWatermark watermark = new StoreWatermark(store, store.sequenceNumber(), mark);
            put(store, "a session");
            watermark.advance();
        }
        try (EncryptedStore store = open(storeDirectory)) {
            StoreWatermark watermark = new StoreWatermark(store, store.sequenceNumber(), mark);
            assertThat(watermark.wentBackSinceLastRun()).contains(false);
        }
    }

    @Test
    void laterWritesOverwriteTheMarkInPlaceAndAStoreBelowItIsStillARestore() throws Exception {
        Path storeDirectory = directory.resolve("store");
        Path backup = directory.resolve("backup");
        Path mark = directory.resolve("store-watermark");
        try (EncryptedStore store = open(storeDirectory);
             StoreWatermark watermark = new StoreWatermark(store, store.sequenceNumber(), mark)) {
            put(store, "first");
            watermark.advance(); // the run's first write replaces the file
            store.checkpoint(backup);
            for (int write = 0; write < 3; write++) {
                put(store, "later " + write);
                watermark.advance(); // in place
                assertThat(Files.readString(mark, StandardCharsets.US_ASCII))
                        .hasSize(StoreWatermark.WIDTH)
                        .isEqualTo(String.format("%019d", store.sequenceNumber()));
            }
        }

        EncryptedStore.restore(backup, storeDirectory.resolveSibling("restored"));
        try (EncryptedStore restored = open(storeDirectory.resolveSibling("restored"));
             StoreWatermark watermark = new StoreWatermark(restored, restored.sequenceNumber(), mark)) {
            assertThat(watermark.wentBackSinceLastRun()).contains(true);
        }
    }

    @Test
    void aSequenceAnEarlierSyncCoveredWritesNothingAndANewerOneWritesTheStoresCurrentSequence() throws Exception {
        Path mark = directory.resolve("store-watermark");
        try (EncryptedStore store = open(directory.resolve("store"));
             StoreWatermark watermark = new StoreWatermark(store, store.sequenceNumber(), mark)) {
            put(store, "mine");
            long mine = store.sequenceNumber();
            put(store, "a concurrent caller's");
            watermark.advance(); // the other caller's sync, after both writes
            long covered = store.sequenceNumber();
            put(store, "unrelated, not yet marked");

            watermark.cover(mine);
            assertThat(Long.parseLong(Files.readString(mark, StandardCharsets.US_ASCII))).isEqualTo(covered);

            long newer = store.sequenceNumber();
            watermark.cover(newer);
            assertThat(Long.parseLong(Files.readString(mark, StandardCharsets.US_ASCII))).isEqualTo(newer);
        }
    }

    private static EncryptedStore open(Path storeDirectory) {
        MasterKeySource.Passphrase passphrase = MasterKeySource.Passphrase.of(
                "watermark test".toCharArray(), ScryptParameters.forTestsOnly());
        return EncryptedStore.open(StoreOptions.of(storeDirectory, passphrase, DATA));
    }

    private static void put(EncryptedStore store, String text) {
        store.put(DATA, text.getBytes(StandardCharsets.UTF_8), new byte[] {1});
    }
}
