package io.sigil.kvdb;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Retention: deleting the entries of a namespace that a rule says are no longer needed, in synced
 * batches of {@value #BATCH}, while scanning (a scanner sees the store as of its start). Callers
 * decide what has expired; the store only deletes.
 */
public final class StorePurge {
    private static final int BATCH = 512;

    private StorePurge() {
    }

    /**
     * Deletes every entry of {@code namespace} whose decrypted value {@code expired} accepts (values
     * are wiped after the test). Returns how many were deleted.
     */
    public static int deleteWhere(EncryptedStore store, Namespace namespace, Predicate<byte[]> expired) {
        int deleted = 0;
        StoreBatch batch = store.batch();
        try (StoreScanner scanner = store.scanner(namespace, new byte[0])) {
            while (scanner.hasNext()) {
                StoreEntry entry = scanner.next();
                boolean purge;
                try {
                    purge = expired.test(entry.value());
                } finally {
                    Arrays.fill(entry.value(), (byte) 0);
                }
                if (purge) {
                    batch.delete(namespace, entry.key());
                    deleted++;
                }
                if (batch.size() >= BATCH) {
                    batch.commit();
                    batch = store.batch();
                }
            }
        }
        if (batch.size() > 0) {
            batch.commit();
        }
        return deleted;
    }
}
