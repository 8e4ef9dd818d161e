package io.sigil.kvdb.crash;

import static io.sigil.kvdb.TestStores.SHARDS;
import static io.sigil.kvdb.TestStores.keyFor;
import static io.sigil.kvdb.TestStores.valueFor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.kvdb.Durability;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.ProgressListener;
import io.sigil.kvdb.StoreEntry;
import io.sigil.kvdb.StoreLockedException;
import io.sigil.kvdb.StoreStats;
import io.sigil.kvdb.TestStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Child JVMs killed with SIGKILL: acknowledged writes survive, a killed rekey leaves everything readable. */
class CrashTest {

    private static final int ACKS_BEFORE_KILL = 150;

    @TempDir
    Path directory;

    private long killAfterAcks(String mode) throws Exception {
        Path store = directory.resolve("store");
        long lastAck = -1;
        try (ChildJvm child = ChildJvm.start(CrashWriterMain.class, directory.resolve("child.err"), store.toString(), mode)) {
            for (int acks = 0; acks < ACKS_BEFORE_KILL; acks++) {
                lastAck = Long.parseLong(child.awaitLineStartingWith("ack ").substring(4));
            }
            child.kill();
            // Lines already in the pipe were printed after their write returned: acknowledged too.
            for (String line : child.drain()) {
                if (line.startsWith("ack ")) {
                    lastAck = Long.parseLong(line.substring(4));
                }
            }
        }
        return lastAck;
    }

    @Test
    void everyAcknowledgedPutSurvivesSigkill() throws Exception {
        assertAcknowledgedPutsSurvive("puts");
    }

    /** An unsynced put is in the write-ahead log in the page cache: a killed process loses none. */
    @Test
    void everyAcknowledgedUnsyncedPutSurvivesSigkill() throws Exception {
        assertAcknowledgedPutsSurvive("unsynced-puts");
    }

    private void assertAcknowledgedPutsSurvive(String mode) throws Exception {
        long lastAck = killAfterAcks(mode);
        try (EncryptedStore store = TestStores.open(directory.resolve("store"))) {
            for (long index = 0; index <= lastAck; index++) {
                assertArrayEquals(valueFor(index), store.get(SHARDS, keyFor(index)).orElseThrow(), "acked write " + index);
            }
            List<StoreEntry> all = store.scan(SHARDS, new byte[0], Integer.MAX_VALUE); // decrypts every value
            // At most the one write in flight at the kill may be present without an ack.
            assertTrue(all.size() == lastAck + 1 || all.size() == lastAck + 2,
                    "acked " + (lastAck + 1) + ", present " + all.size());
            System.out.println(mode + ": acknowledged " + (lastAck + 1) + ", present after SIGKILL " + all.size());
        }
    }

    @Test
    void batchesSurviveSigkillWhollyOrNotAtAll() throws Exception {
        long lastAck = killAfterAcks("batches");
        try (EncryptedStore store = TestStores.open(directory.resolve("store"))) {
            List<StoreEntry> all = store.scan(SHARDS, new byte[0], Integer.MAX_VALUE);
            assertEquals(0, all.size() % CrashWriterMain.BATCH_SIZE, "a batch was torn: " + all.size() + " entries");
            long acknowledgedEntries = (lastAck + 1) * CrashWriterMain.BATCH_SIZE;
            assertTrue(all.size() == acknowledgedEntries || all.size() == acknowledgedEntries + CrashWriterMain.BATCH_SIZE);
            for (long item = 0; item < acknowledgedEntries; item++) {
                assertArrayEquals(valueFor(item), store.get(SHARDS, keyFor(item)).orElseThrow());
            }
            System.out.println("batches: acknowledged " + (lastAck + 1) + ", entries present " + all.size());
        }
    }

    @Test
    void rekeyKilledMidwayLeavesEveryValueReadableAndCanBeFinished() throws Exception {
        Path store = directory.resolve("store");
        int count = 20_000;
        try (EncryptedStore opened = EncryptedStore.open(TestStores.options(store).withDurability(Durability.NO_SYNC))) {
            for (int start = 0; start < count; start += 1000) {
                var batch = opened.batch();
                for (int index = start; index < start + 1000; index++) {
                    batch.put(SHARDS, keyFor(index), valueFor(index));
                }
                batch.commit();
            }
            opened.rotateKey();
        }
        List<Long> progress = new ArrayList<>();
        try (ChildJvm child = ChildJvm.start(RekeyChildMain.class, directory.resolve("rekey.err"), store.toString())) {
            for (int batches = 0; batches < 3; batches++) {
                progress.add(Long.parseLong(child.awaitLineStartingWith("progress ").substring(9)));
            }
            child.kill();
        }
        try (EncryptedStore opened = TestStores.open(store)) {
            StoreStats stats = opened.stats();
            long done = count - stats.valuesUnderOlderKeys();
            assertTrue(done >= progress.getLast(), "reported progress is durable");
            assertTrue(stats.valuesUnderOlderKeys() > 0, "the kill landed mid-rekey");
            assertEquals(2, stats.valuesPerKeyId().size(), "values under both keys");
            for (int index = 0; index < count; index++) {
                assertArrayEquals(valueFor(index), opened.get(SHARDS, keyFor(index)).orElseThrow());
            }
            var report = opened.rekey(ProgressListener.NONE);
            assertEquals(stats.valuesUnderOlderKeys(), report.rewritten());
            assertEquals(0L, opened.stats().valuesUnderOlderKeys());
            System.out.println("rekey: killed after " + done + " of " + count + " values; finished by rerun");
        }
    }

    @Test
    void storeOpenInAnotherProcessIsRefusedUntilReleased() throws Exception {
        Path store = directory.resolve("store");
        try (ChildJvm child = ChildJvm.start(HoldOpenMain.class, directory.resolve("hold.err"), store.toString())) {
            child.awaitLineStartingWith("open");
            StoreLockedException error = assertThrows(StoreLockedException.class, () -> TestStores.open(store));
            assertTrue(error.getMessage().contains(store.toString()));
            child.closeInput();
            child.awaitLineStartingWith("closed");
            assertEquals(0, child.waitForExit());
        }
        TestStores.open(store).close();
    }
}
