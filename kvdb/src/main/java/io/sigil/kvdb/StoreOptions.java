package io.sigil.kvdb;

import io.sigil.kvdb.keys.MasterKeySource;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * How to open a store.
 *
 * @param dataDirectory the store directory (holds {@code db/} and {@code keyset.sigil})
 * @param masterKey where the key-encryption key comes from
 * @param namespaces namespaces to create if missing (existing ones are always opened)
 * @param durability write sync policy; {@link Durability#SYNC} by default
 * @param createIfMissing create a new store when the directory holds none
 * @param rekeyBatchSize values re-encrypted per synced batch during {@code rekey}
 */
public record StoreOptions(Path dataDirectory, MasterKeySource masterKey, Set<Namespace> namespaces,
                           Durability durability, boolean createIfMissing, int rekeyBatchSize) {

    public StoreOptions {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(masterKey, "masterKey");
        namespaces = Set.copyOf(namespaces);
        Objects.requireNonNull(durability, "durability");
        if (rekeyBatchSize < 1 || rekeyBatchSize > 100_000) {
            throw new IllegalArgumentException("rekeyBatchSize must be in [1, 100000]");
        }
    }

    /** Synced writes, created if missing, rekey batches of 256. */
    public static StoreOptions of(Path dataDirectory, MasterKeySource masterKey, Namespace... namespaces) {
        return new StoreOptions(dataDirectory, masterKey, Set.of(namespaces), Durability.SYNC, true, 256);
    }

    public StoreOptions withDurability(Durability value) {
        return new StoreOptions(dataDirectory, masterKey, namespaces, value, createIfMissing, rekeyBatchSize);
    }

    public StoreOptions withCreateIfMissing(boolean value) {
        return new StoreOptions(dataDirectory, masterKey, namespaces, durability, value, rekeyBatchSize);
    }

    public StoreOptions withRekeyBatchSize(int value) {
        return new StoreOptions(dataDirectory, masterKey, namespaces, durability, createIfMissing, value);
    }
}
