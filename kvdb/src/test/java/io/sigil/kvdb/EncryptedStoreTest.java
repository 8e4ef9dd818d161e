package io.sigil.kvdb;

import static io.sigil.kvdb.TestStores.SETUPS;
import static io.sigil.kvdb.TestStores.SHARDS;
import static io.sigil.kvdb.TestStores.bytes;
import static io.sigil.kvdb.TestStores.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedStoreTest {

    @TempDir
    Path directory;

    @Test
    void valuesRoundTripAcrossReopenAndAreNotStoredInTheClear() throws Exception {
        byte[] secret = bytes("shard of user 42: 0123456789abcdef");
        try (EncryptedStore store = TestStores.open(directory)) {
            store.put(SHARDS, bytes("user-42"), secret);
            store.put(SETUPS, bytes("user-42"), bytes("setup"));
            assertArrayEquals(secret, store.get(SHARDS, bytes("user-42")).orElseThrow());
            assertTrue(store.get(SHARDS, bytes("user-43")).isEmpty());
        }
        try (RawRocks raw = new RawRocks(directory)) {
            byte[] stored = raw.get(SHARDS, bytes("user-42"));
            assertFalse(TestStores.text(stored).contains("shard of user"), "value must be encrypted at rest");
            assertEquals(secret.length + 1 + 5 + 12 + 16, stored.length);
        }
        try (EncryptedStore store = TestStores.open(directory)) {
            assertArrayEquals(secret, store.get(SHARDS, bytes("user-42")).orElseThrow());
            assertEquals("setup", text(store.get(SETUPS, bytes("user-42")).orElseThrow()));
            store.delete(SHARDS, bytes("user-42"));
            assertTrue(store.get(SHARDS, bytes("user-42")).isEmpty());
        }
    }

    @Test
    void emptyValuesAndBinaryKeysWork() {
        try (EncryptedStore store = TestStores.open(directory)) {
            byte[] key = {0, (byte) 0xff, 0, 1};
            store.put(SHARDS, key, new byte[0]);
            assertEquals(0, store.get(SHARDS, key).orElseThrow().length);
            assertThrows(IllegalArgumentException.class, () -> store.put(SHARDS, new byte[0], bytes("x")));
            assertThrows(IllegalArgumentException.class, () -> store.get(Namespace.of("unknown"), key));
        }
    }

    @Test
    void namespaceNamesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> Namespace.of("default"));
        assertThrows(IllegalArgumentException.class, () -> Namespace.of("Upper"));
        assertThrows(IllegalArgumentException.class, () -> Namespace.of(""));
        assertEquals("node-keys.v1", Namespace.of("node-keys.v1").name());
    }

    @Test
    void batchCommitsAllOrNothing() {
        try (EncryptedStore store = TestStores.open(directory)) {
            store.put(SHARDS, bytes("old"), bytes("to delete"));
            store.batch()
                    .put(SHARDS, bytes("a"), bytes("1"))
                    .put(SETUPS, bytes("b"), bytes("2"))
                    .delete(SHARDS, bytes("old"))
                    .commit();
            assertEquals("1", text(store.get(SHARDS, bytes("a")).orElseThrow()));
            assertEquals("2", text(store.get(SETUPS, bytes("b")).orElseThrow()));
            assertTrue(store.get(SHARDS, bytes("old")).isEmpty());

            // The last operation is invalid: nothing before it may become visible.
            StoreBatch failing = store.batch()
                    .put(SHARDS, bytes("c"), bytes("3"))
                    .delete(SHARDS, bytes("a"))
                    .put(Namespace.of("missing"), bytes("d"), bytes("4"));
            assertThrows(IllegalArgumentException.class, failing::commit);
            assertTrue(store.get(SHARDS, bytes("c")).isEmpty());
            assertEquals("1", text(store.get(SHARDS, bytes("a")).orElseThrow()));
            assertThrows(IllegalStateException.class, failing::commit);
        }
    }

    @Test
    void prefixScanReturnsOnlyMatchingKeysInOrderWithLimit() {
        try (EncryptedStore store = TestStores.open(directory)) {
            store.put(SHARDS, bytes("user/1/key/a"), bytes("1a"));
            store.put(SHARDS, bytes("user/1/key/b"), bytes("1b"));
            store.put(SHARDS, bytes("user/10/key/a"), bytes("10a"));
            store.put(SHARDS, bytes("user/2/key/a"), bytes("2a"));
            store.put(SETUPS, bytes("user/1/key/c"), bytes("other namespace"));

            List<StoreEntry> entries = store.scan(SHARDS, bytes("user/1/"), 100);
            assertEquals(List.of("user/1/key/a", "user/1/key/b"), entries.stream().map(e -> text(e.key())).toList());
            assertEquals(List.of("1a", "1b"), entries.stream().map(e -> text(e.value())).toList());
            assertEquals(3, store.scan(SHARDS, bytes("user/1"), 100).size());
            assertEquals(1, store.scan(SHARDS, bytes("user/"), 1).size());
            assertEquals(4, store.scan(SHARDS, new byte[0], 100).size());
            assertTrue(store.scan(SHARDS, bytes("zzz"), 100).isEmpty());
            assertFalse(entries.get(0).toString().contains("1a"), "toString must not show values");
        }
    }

    @Test
    void scannerIsClosedWithTheStore() {
        EncryptedStore store = TestStores.open(directory);
        store.put(SHARDS, bytes("k"), bytes("v"));
        StoreScanner scanner = store.scanner(SHARDS, bytes("k"));
        assertTrue(scanner.hasNext());
        store.close();
        assertThrows(IllegalStateException.class, scanner::hasNext);
        scanner.close();
        assertThrows(IllegalStateException.class, () -> store.get(SHARDS, bytes("k")));
    }

    @Test
    void compareAndPutStoresOnceAcceptsReplaysAndRefusesConflicts() {
        try (EncryptedStore store = TestStores.open(directory)) {
            assertEquals(PutResult.STORED, store.compareAndPut(SHARDS, bytes("u"), bytes("shard-1")));
            assertEquals(PutResult.IDENTICAL, store.compareAndPut(SHARDS, bytes("u"), bytes("shard-1")));
            assertEquals(PutResult.CONFLICT, store.compareAndPut(SHARDS, bytes("u"), bytes("shard-2")));
            assertEquals(PutResult.CONFLICT, store.compareAndPut(SHARDS, bytes("u"), bytes("shard-1+")));
            assertEquals("shard-1", text(store.get(SHARDS, bytes("u")).orElseThrow()));
        }
    }

    @Test
    void concurrentCompareAndPutHasExactlyOneWinner() throws Exception {
        try (EncryptedStore store = TestStores.open(directory);
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int round = 0; round < 20; round++) {
                byte[] key = bytes("contended-" + round);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<PutResult>> results = new ArrayList<>();
                for (int writer = 0; writer < 8; writer++) {
                    byte[] value = bytes("value-" + writer);
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.compareAndPut(SHARDS, key, value);
                    }));
                }
                start.countDown();
                long stored = 0;
                for (Future<PutResult> result : results) {
                    PutResult outcome = result.get();
                    stored += outcome == PutResult.STORED ? 1 : 0;
                    assertTrue(outcome != PutResult.IDENTICAL, "all writers wrote different values");
                }
                assertEquals(1, stored, "exactly one writer may store");
            }
        }
    }

    @Test
    void manyThreadsWritingConcurrentlyLoseNothing() throws Exception {
        int threads = 8;
        int perThread = 300;
        ConcurrentHashMap<String, String> expected = new ConcurrentHashMap<>();
        try (EncryptedStore store = EncryptedStore.open(TestStores.options(directory).withDurability(Durability.NO_SYNC));
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int writer = thread;
                futures.add(pool.submit(() -> {
                    for (int index = 0; index < perThread; index++) {
                        String key = "w" + writer + "-" + index;
                        String value = "value " + writer + "/" + index;
                        if (index % 3 == 0) {
                            store.batch().put(SHARDS, bytes(key), bytes(value)).put(SETUPS, bytes(key), bytes(value)).commit();
                        } else {
                            store.put(SHARDS, bytes(key), bytes(value));
                        }
                        expected.put(key, value);
                        // Readers interleave with writers on the same keys.
                        assertEquals(value, text(store.get(SHARDS, bytes(key)).orElseThrow()));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        try (EncryptedStore store = TestStores.open(directory)) {
            assertEquals(threads * perThread, store.stats().entriesPerNamespace().get(SHARDS));
            for (var entry : expected.entrySet()) {
                assertEquals(entry.getValue(), text(store.get(SHARDS, bytes(entry.getKey())).orElseThrow()));
            }
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefusedClearly() {
        try (EncryptedStore store = TestStores.open(directory)) {
            StoreLockedException error = assertThrows(StoreLockedException.class, () -> TestStores.open(directory));
            assertTrue(error.getMessage().contains(directory.toString()));
            store.put(SHARDS, bytes("still"), bytes("works"));
        }
        try (EncryptedStore reopened = TestStores.open(directory)) {
            assertEquals("works", text(reopened.get(SHARDS, bytes("still")).orElseThrow()));
        }
    }

    @Test
    void openingAMissingStoreWithoutCreateIsRefused() {
        assertThrows(StoreException.class,
                () -> EncryptedStore.open(TestStores.options(directory.resolve("none")).withCreateIfMissing(false)));
    }

    @Test
    void statsCountEntriesPerNamespaceWithoutValues() {
        try (EncryptedStore store = TestStores.open(directory)) {
            for (int index = 0; index < 5; index++) {
                store.put(SHARDS, TestStores.keyFor(index), TestStores.valueFor(index));
            }
            store.put(SETUPS, bytes("one"), bytes("x"));
            StoreStats stats = store.stats();
            assertEquals(5L, stats.entriesPerNamespace().get(SHARDS));
            assertEquals(1L, stats.entriesPerNamespace().get(SETUPS));
            assertEquals(6L, stats.valuesPerKeyId().get(stats.primaryKeyId()));
            assertEquals(0L, stats.valuesUnderOlderKeys());
        }
    }
}
