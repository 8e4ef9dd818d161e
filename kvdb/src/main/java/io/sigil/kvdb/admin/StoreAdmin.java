package io.sigil.kvdb.admin;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.kvdb.ProgressListener;
import io.sigil.kvdb.RekeyReport;
import io.sigil.kvdb.StoreOptions;
import io.sigil.kvdb.StoreStats;
import io.sigil.kvdb.keys.DataKeyring;
import io.sigil.kvdb.keys.MasterKeySource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operator commands on a store that is not open elsewhere: what {@code sigil store info} and
 * {@code sigil store rotate} call. Reports namespaces, counts and key ids; never values or keys.
 */
public final class StoreAdmin {

    /** What {@code info} shows. */
    public record Description(Path dataDirectory, Map<String, Long> entriesPerNamespace, int primaryKeyId,
                              List<DataKeyring.KeyInfo> dataKeys, Map<Integer, Long> valuesPerKeyId) {

        /** Human-readable report; key ids are unsigned decimal as Tink prints them. */
        public String render() {
            StringBuilder text = new StringBuilder("store ").append(dataDirectory).append('\n');
            text.append("namespaces (").append(entriesPerNamespace.size()).append("):\n");
            entriesPerNamespace.forEach((name, count) ->
                    text.append(String.format("  %-32s %12d entries%n", name, count)));
            text.append("data keys (").append(dataKeys.size()).append("):\n");
            for (DataKeyring.KeyInfo key : dataKeys) {
                text.append(String.format("  %-12s %-8s %-8s %12d values%n", Integer.toUnsignedString(key.keyId()),
                        key.primary() ? "primary" : "", key.status(), valuesPerKeyId.getOrDefault(key.keyId(), 0L)));
            }
            long unknown = valuesPerKeyId.entrySet().stream()
                    .filter(entry -> dataKeys.stream().noneMatch(key -> key.keyId() == entry.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            if (unknown > 0) {
                text.append("  WARNING: ").append(unknown).append(" values under no known key (damaged or tampered)\n");
            }
            return text.toString();
        }
    }

    /** What {@code rotate} did. */
    public record Rotation(int previousPrimaryKeyId, int newPrimaryKeyId, RekeyReport rekey) {}

    private StoreAdmin() {}

    private static EncryptedStore openExisting(Path dataDirectory, MasterKeySource masterKey) {
        return EncryptedStore.open(new StoreOptions(dataDirectory, masterKey, Set.of(),
                io.sigil.kvdb.Durability.SYNC, false, 256));
    }

    public static Description describe(Path dataDirectory, MasterKeySource masterKey) {
        try (EncryptedStore store = openExisting(dataDirectory, masterKey)) {
            StoreStats stats = store.stats();
            Map<String, Long> entries = new LinkedHashMap<>();
            for (Map.Entry<Namespace, Long> entry : stats.entriesPerNamespace().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Namespace::name))).toList()) {
                entries.put(entry.getKey().name(), entry.getValue());
            }
            return new Description(dataDirectory, entries, stats.primaryKeyId(), store.dataKeys(), stats.valuesPerKeyId());
        }
    }

    /** Adds a new primary data key, then re-encrypts every value under it (crash-safe; rerun if killed). */
    public static Rotation rotate(Path dataDirectory, MasterKeySource masterKey, ProgressListener listener) {
        try (EncryptedStore store = openExisting(dataDirectory, masterKey)) {
            int previous = store.stats().primaryKeyId();
            int next = store.rotateKey();
            return new Rotation(previous, next, store.rekey(listener));
        }
    }

    /** Finishes an interrupted rotation: re-encrypts values still under older keys. */
    public static RekeyReport rekey(Path dataDirectory, MasterKeySource masterKey, ProgressListener listener) {
        try (EncryptedStore store = openExisting(dataDirectory, masterKey)) {
            return store.rekey(listener);
        }
    }

    /** Deletes all data keys but the primary, after checking no value still needs them. */
    public static int retireOldKeys(Path dataDirectory, MasterKeySource masterKey) {
        try (EncryptedStore store = openExisting(dataDirectory, masterKey)) {
            return store.retireOldKeys();
        }
    }
}
