package io.sigil.node.epoch;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreEntry;
import io.sigil.kvdb.StoreScanner;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many ACTIVE keys this node holds, by threshold: what an epoch change must move, and what
 * lets a node refuse a registry with too few committees for some key (docs/keygen.md §3.1).
 */
record KeyCensus(long total, Map<Integer, Long> byThreshold) {

    static KeyCensus of(EncryptedStore store) {
        Map<Integer, Long> counts = new TreeMap<>();
        long total = 0;
        try (StoreScanner scanner = store.scanner(NodeStore.KEYS, new byte[0])) {
            while (scanner.hasNext()) {
                StoreEntry entry = scanner.next();
                byte[] value = entry.value();
                // the threshold alone: no point decoded, the shard never leaves the value
                int threshold = KeyRecord.summary(value).threshold();
                Arrays.fill(value, (byte) 0);
                counts.merge(threshold, 1L, Long::sum);
                total++;
            }
        }
        return new KeyCensus(total, counts);
    }

    /**
     * The keys that would be left with a threshold above {@code nextCommittees}: a key whose
     * threshold is the running default moves to the next default, any other keeps its own.
     */
    Map<Integer, Long> stranded(int currentDefault, int nextDefault, int nextCommittees) {
        Map<Integer, Long> stranded = new TreeMap<>();
        byThreshold.forEach((threshold, count) -> {
            int next = threshold == currentDefault ? nextDefault : threshold;
            if (next > nextCommittees) {
                stranded.merge(next, count, Long::sum);
            }
        });
        return stranded;
    }
}
