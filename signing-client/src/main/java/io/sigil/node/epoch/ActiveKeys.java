package io.sigil.node.epoch;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreEntry;
import io.sigil.kvdb.StoreScanner;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;

/** The node's ACTIVE key records in store-key order, each wiped after its visit: what the epoch change counts and compares. */
final class ActiveKeys {
    private ActiveKeys() {
    }

    /** Calls {@code visit} with each record's name ({@code userId/keyId}); the record is destroyed afterwards. */
    static void forEach(EncryptedStore store, BiConsumer<String, KeyRecord> visit) {
        try (StoreScanner scanner = store.scanner(NodeStore.KEYS, new byte[0])) {
            while (scanner.hasNext()) {
                StoreEntry entry = scanner.next();
                byte[] value = entry.value();
                KeyRecord record = KeyRecord.decode(value);
                Arrays.fill(value, (byte) 0);
                try {
                    visit.accept(new String(entry.key(), StandardCharsets.UTF_8), record);
                } finally {
                    record.destroy();
                }
            }
        }
    }
}
