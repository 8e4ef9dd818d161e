package io.sigil.kvdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README "Rollback": what {@link EncryptedStore#sequenceNumber()} can and cannot tell. A store put
 * back from an older checkpoint shows a smaller number than the one it replaced; purging entries
 * ({@link StorePurge}) is a write like any other and moves the number forward.
 */
class RollbackDetectionTest {
    private static final Namespace DATA = TestStores.SHARDS;

    private static byte[] bytes(String text) {
        return TestStores.bytes(text);
    }

    @Test
    void aRestoredOlderCopyHasASmallerSequenceNumberThanTheStoreItReplaced(@TempDir Path directory) {
        Path live = directory.resolve("live");
        Path backup = directory.resolve("backup");
        Path restored = directory.resolve("restored");
        long atBackup;
        long later;
        try (EncryptedStore store = TestStores.open(live)) {
            store.put(DATA, bytes("a"), bytes("1"));
            store.checkpoint(backup);
            atBackup = store.sequenceNumber();
            store.put(DATA, bytes("b"), bytes("2"));
            store.put(DATA, bytes("a"), bytes("3"));
            later = store.sequenceNumber();
            assertThat(later).isGreaterThan(atBackup);
            assertThat(StorePurge.deleteWhere(store, DATA, value -> value[0] == '2')).isEqualTo(1);
            assertThat(store.sequenceNumber()).as("a purge is a write").isGreaterThan(later);
            assertThat(store.get(DATA, bytes("b"))).isEmpty();
            assertThat(store.get(DATA, bytes("a"))).hasValueSatisfying(value -> assertThat(value).isEqualTo(bytes("3")));
        }
        EncryptedStore.restore(backup, restored);
        try (EncryptedStore store = TestStores.open(restored)) {
            assertThat(store.sequenceNumber()).isEqualTo(atBackup).isLessThan(later);
            assertThat(store.get(DATA, bytes("a"))).hasValueSatisfying(value -> assertThat(value).isEqualTo(bytes("1")));
        }
    }
}
