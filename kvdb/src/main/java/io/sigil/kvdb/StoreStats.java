package io.sigil.kvdb;

import java.util.Map;

/**
 * What an operator may see: namespaces, entry counts, data key ids and how many values each key
 * protects. No values, no key material.
 *
 * @param entriesPerNamespace entry count of every namespace
 * @param primaryKeyId id of the data key new values are written under (unsigned)
 * @param valuesPerKeyId how many stored values were written under each data key id
 */
public record StoreStats(Map<Namespace, Long> entriesPerNamespace, int primaryKeyId, Map<Integer, Long> valuesPerKeyId) {
    public StoreStats {
        entriesPerNamespace = Map.copyOf(entriesPerNamespace);
        valuesPerKeyId = Map.copyOf(valuesPerKeyId);
    }

    public long totalEntries() {
        return entriesPerNamespace.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Values not yet under the primary key: what a rekey still has to rewrite. */
    public long valuesUnderOlderKeys() {
        return valuesPerKeyId.entrySet().stream()
                .filter(entry -> entry.getKey() != primaryKeyId)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }
}
