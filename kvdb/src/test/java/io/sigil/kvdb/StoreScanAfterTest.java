package io.sigil.kvdb;

import static io.sigil.kvdb.TestStores.bytes;
import static io.sigil.kvdb.TestStores.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link EncryptedStore#scanAfter} pages a namespace strictly after a cursor; {@link EncryptedStore#count} counts it. */
class StoreScanAfterTest {
    @TempDir
    Path directory;

    @Test
    void pagesStartStrictlyAfterTheCursorInUnsignedByteOrderAndEndEmpty() {
        try (EncryptedStore store = TestStores.open(directory)) {
            for (String key : List.of("u1/a", "u1/b", "u1/b0", "u2/a", "\u00e9/a")) {
                store.put(TestStores.SHARDS, bytes(key), bytes("value of " + key));
            }
            store.put(TestStores.SETUPS, bytes("u1/a"), bytes("another namespace"));

            assertThat(keys(store.scanAfter(TestStores.SHARDS, new byte[0], 2))).containsExactly("u1/a", "u1/b");
            assertThat(keys(store.scanAfter(TestStores.SHARDS, bytes("u1/b"), 2))).containsExactly("u1/b0", "u2/a");
            // a cursor that is not itself a key still starts at the next one; UTF-8 sorts above ASCII
            assertThat(keys(store.scanAfter(TestStores.SHARDS, bytes("u1/c"), 10))).containsExactly("u2/a", "\u00e9/a");
            assertThat(store.scanAfter(TestStores.SHARDS, bytes("\u00e9/a"), 10)).isEmpty();
            assertThat(text(store.scanAfter(TestStores.SHARDS, bytes("u2/"), 1).getFirst().value())).isEqualTo("value of u2/a");
            assertThat(store.count(TestStores.SHARDS)).isEqualTo(5);
            assertThat(store.count(TestStores.SETUPS)).isEqualTo(1);
        }
    }

    private static List<String> keys(List<StoreEntry> entries) {
        return entries.stream().map(entry -> text(entry.key())).toList();
    }
}
