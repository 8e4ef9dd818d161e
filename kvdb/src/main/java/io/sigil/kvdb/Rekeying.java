package io.sigil.kvdb;

import io.sigil.kvdb.keys.DataKeyring;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * One rekey pass. Runs with the store's state lock read-held, so the keyring cannot change
 * underneath it. Candidates are found on an iterator snapshot, then each batch re-reads the
 * current value under its key stripes, so a concurrent put is never overwritten by a stale value.
 */
final class Rekeying {

    private final RocksHandles rocks;
    private final DataKeyring keyring;
    private final KeyStripes stripes;
    private final int batchSize;
    private final ProgressListener listener;
    private long scanned;
    private long rewritten;

    Rekeying(RocksHandles rocks, DataKeyring keyring, KeyStripes stripes, int batchSize, ProgressListener listener) {
        this.rocks = rocks;
        this.keyring = keyring;
        this.stripes = stripes;
        this.batchSize = batchSize;
        this.listener = listener;
    }

    RekeyReport run() {
        int primary = keyring.primaryKeyId();
        try {
            for (Map.Entry<Namespace, ColumnFamilyHandle> family : rocks.families.entrySet()) {
                List<byte[]> candidates = new ArrayList<>();
                try (RocksIterator iterator = rocks.database.newIterator(family.getValue(), rocks.readOptions)) {
                    for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                        scanned++;
                        if (ValueCipher.keyIdOf(iterator.value()) != primary) {
                            candidates.add(iterator.key());
                            if (candidates.size() == batchSize) {
                                rewrite(family.getKey(), family.getValue(), candidates, primary);
                                candidates.clear();
                            }
                        }
                    }
                    iterator.status();
                }
                if (!candidates.isEmpty()) {
                    rewrite(family.getKey(), family.getValue(), candidates, primary);
                }
            }
        } catch (RocksDBException e) {
            throw RocksHandles.translate(rocks.directory, e);
        }
        return new RekeyReport(scanned, rewritten, primary);
    }

    private void rewrite(Namespace namespace, ColumnFamilyHandle family, List<byte[]> keys, int primary)
            throws RocksDBException {
        int[] held = stripes.lockAll(keys.stream().mapToInt(key -> KeyStripes.stripeOf(namespace, key)).toArray());
        try (WriteBatch batch = new WriteBatch()) {
            int changed = 0;
            for (byte[] key : keys) {
                byte[] current = rocks.database.get(family, rocks.readOptions, key);
                if (current == null || ValueCipher.keyIdOf(current) == primary) {
                    continue; // deleted or rewritten by a writer since the snapshot
                }
                byte[] plaintext = ValueCipher.decrypt(keyring, namespace, key, current);
                try {
                    batch.put(family, key, ValueCipher.encrypt(keyring, namespace, key, plaintext));
                } finally {
                    Arrays.fill(plaintext, (byte) 0);
                }
                changed++;
            }
            if (changed > 0) {
                rocks.database.write(rocks.writeOptions, batch);
            }
            rewritten += changed;
        } finally {
            stripes.unlockAll(held);
        }
        listener.batchCommitted(namespace, scanned, rewritten);
    }
}
