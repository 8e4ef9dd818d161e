package io.sigil.kvdb;

import static io.sigil.kvdb.TestStores.SETUPS;
import static io.sigil.kvdb.TestStores.SHARDS;
import static io.sigil.kvdb.TestStores.keyFor;
import static io.sigil.kvdb.TestStores.valueFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationTest {

    @TempDir
    Path directory;

    private static void fill(EncryptedStore store, int from, int to) {
        for (int index = from; index < to; index++) {
            store.put(index % 2 == 0 ? SHARDS : SETUPS, keyFor(index), valueFor(index));
        }
    }

    private static void assertAllReadable(EncryptedStore store, int count) {
        for (int index = 0; index < count; index++) {
            assertArrayEquals(valueFor(index), store.get(index % 2 == 0 ? SHARDS : SETUPS, keyFor(index)).orElseThrow());
        }
    }

    @Test
    void rotationKeepsOldValuesReadableAndRekeyMovesThemToTheNewKey() {
        try (EncryptedStore store = EncryptedStore.open(TestStores.options(directory).withRekeyBatchSize(7))) {
            fill(store, 0, 100);
            int first = store.stats().primaryKeyId();
            int second = store.rotateKey();
            assertNotEquals(first, second);
            fill(store, 100, 150);
            assertAllReadable(store, 150);
            StoreStats before = store.stats();
            assertEquals(100L, before.valuesPerKeyId().get(first));
            assertEquals(50L, before.valuesPerKeyId().get(second));

            List<Long> progress = new ArrayList<>();
            RekeyReport report = store.rekey((namespace, scanned, rewritten) -> progress.add(rewritten));
            assertEquals(150, report.scanned());
            assertEquals(100, report.rewritten());
            assertTrue(progress.size() >= 100 / 7, "progress reported per batch");
            assertEquals(0L, store.stats().valuesUnderOlderKeys());
            assertAllReadable(store, 150);
            assertEquals(0, store.rekey(ProgressListener.NONE).rewritten(), "a second pass has nothing to do");
        }
        try (EncryptedStore store = TestStores.open(directory)) {
            assertAllReadable(store, 150);
            assertEquals(2, store.dataKeys().size());
        }
    }

    @Test
    void retireRefusesWhileValuesNeedRekeyThenDeletesOldKeys() {
        try (EncryptedStore store = TestStores.open(directory)) {
            fill(store, 0, 20);
            store.rotateKey();
            store.rotateKey();
            assertThrows(StoreException.class, store::retireOldKeys);
            assertEquals(3, store.dataKeys().size());
            store.rekey(ProgressListener.NONE);
            assertEquals(2, store.retireOldKeys());
            assertEquals(1, store.dataKeys().size());
            assertAllReadable(store, 20);
        }
        try (EncryptedStore store = TestStores.open(directory)) {
            assertEquals(1, store.dataKeys().size());
            assertAllReadable(store, 20);
        }
    }

    @Test
    void valueUnderARetiredKeyIsReportedAsTampered() throws Exception {
        byte[] oldCiphertext;
        try (EncryptedStore store = TestStores.open(directory)) {
            store.put(SHARDS, keyFor(1), valueFor(1));
        }
        try (RawRocks raw = new RawRocks(directory)) {
            oldCiphertext = raw.get(SHARDS, keyFor(1));
        }
        try (EncryptedStore store = TestStores.open(directory)) {
            store.rotateKey();
            store.rekey(ProgressListener.NONE);
            store.retireOldKeys();
        }
        // An attacker replays the old ciphertext: the key that could open it is gone.
        try (RawRocks raw = new RawRocks(directory)) {
            raw.put(SHARDS, keyFor(1), oldCiphertext);
        }
        try (EncryptedStore store = TestStores.open(directory)) {
            TamperedValueException error = assertThrows(TamperedValueException.class, () -> store.get(SHARDS, keyFor(1)));
            assertTrue(error.getMessage().contains("not in the keyset"), error.getMessage());
        }
    }

    @Test
    void rekeyRacingWithWritersNeverLosesANewerValue() throws Exception {
        try (EncryptedStore store = EncryptedStore.open(
                TestStores.options(directory).withDurability(Durability.NO_SYNC).withRekeyBatchSize(16));
             ExecutorService pool = Executors.newFixedThreadPool(3)) {
            fill(store, 0, 2000);
            store.rotateKey();
            AtomicBoolean rekeyDone = new AtomicBoolean();
            java.util.Set<Integer> overwritten = java.util.concurrent.ConcurrentHashMap.newKeySet();
            List<Future<?>> writers = new ArrayList<>();
            for (int writer = 0; writer < 2; writer++) {
                int offset = writer;
                writers.add(pool.submit(() -> {
                    // Overwrite even keys with a marker value while rekey runs over them.
                    for (int index = offset * 2; index < 2000 && !rekeyDone.get(); index += 4) {
                        store.put(SHARDS, keyFor(index), TestStores.bytes("newer " + index));
                        overwritten.add(index);
                    }
                    return null;
                }));
            }
            store.rekey(ProgressListener.NONE);
            rekeyDone.set(true);
            for (Future<?> future : writers) {
                future.get();
            }
            for (int index = 0; index < 2000; index += 2) {
                byte[] value = store.get(SHARDS, keyFor(index)).orElseThrow();
                // An acknowledged overwrite must survive: rekey must not write back a stale value.
                byte[] expected = overwritten.contains(index) ? TestStores.bytes("newer " + index) : valueFor(index);
                assertArrayEquals(expected, value, "index " + index);
            }
            store.rekey(ProgressListener.NONE);
            assertEquals(0L, store.stats().valuesUnderOlderKeys());
        }
    }
}
