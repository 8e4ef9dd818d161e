package io.sigil.node.epoch;

import io.sigil.kvdb.EncryptedStore;
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
        // the threshold alone (KeyRecord.summary): no point decoded, so a propose over 100,000 keys
        // answers within the manager's read timeout
        try (StoreScanner scanner = store.scanner(NodeStore.KEYS, new byte[0])) {
            while (scanner.hasNext()) {
                byte[] value = scanner.next().value();
                counts.merge(KeyRecord.summary(value).threshold(), 1L, Long::sum);
                Arrays.fill(value, (byte) 0);
            }
        }
        return new KeyCensus(counts.values().stream().mapToLong(Long::longValue).sum(), counts);
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
