package io.sigil.kvdb.crash;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.TestStores;
import java.nio.file.Path;

/**
 * Child process: writes forever and prints "ack N" only after the write of N returned.
 * Mode "puts": key N. Mode "unsynced-puts": key N without the fsync. Mode "batches": keys
 * 5N..5N+4 in one batch.
 */
public final class CrashWriterMain {
    public static final int BATCH_SIZE = 5;

    public static void main(String[] arguments) {
        Path directory = Path.of(arguments[0]);
        boolean batches = arguments[1].equals("batches");
        boolean unsynced = arguments[1].equals("unsynced-puts");
        try (EncryptedStore store = TestStores.open(directory)) {
            for (long index = 0; ; index++) {
                if (batches) {
                    var batch = store.batch();
                    for (long offset = 0; offset < BATCH_SIZE; offset++) {
                        long item = index * BATCH_SIZE + offset;
                        batch.put(TestStores.SHARDS, TestStores.keyFor(item), TestStores.valueFor(item));
                    }
                    batch.commit();
                } else if (unsynced) {
                    store.putWithoutSync(TestStores.SHARDS, TestStores.keyFor(index), TestStores.valueFor(index));
                } else {
                    store.put(TestStores.SHARDS, TestStores.keyFor(index), TestStores.valueFor(index));
                }
                System.out.println("ack " + index);
                System.out.flush();
            }
        }
    }
}
