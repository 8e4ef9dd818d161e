package io.sigil.node.keygen;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreEntry;
import io.sigil.kvdb.StoreScanner;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The node's durable {@code PENDING} records (keygen §2.5–§2.6) in its encrypted store. A pending
 * key never signs (signing reads only {@link NodeStore#KEYS}); it becomes ACTIVE through
 * {@link NodeKeyGeneration#activate}, is replaced by a later attempt of the same request, and is
 * deleted once {@link #LIFETIME} has passed without activation.
 */
@Singleton
final class PendingKeys {
    /** How long a pending record may wait for its activation (keygen §6.1: 10 minutes). */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    private final EncryptedStore store;

    PendingKeys(NodeStore store) {
        this.store = store.store();
    }

    Optional<PendingRecord> find(String userId, String keyId) {
        return store.get(NodeStore.PENDING_KEYS, KeyRecord.storeKey(userId, keyId)).map(bytes -> {
            try {
                return PendingRecord.decode(bytes);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        });
    }

    /**
     * Written without the fsync (keygen §6.1, PENDING durability): it survives a process crash
     * and is lost only with the machine (power, kernel), and a node down that long has missed the
     * {@code activate} anyway (the manager sends it once, milliseconds after the ack), so a synced
     * PENDING record would only wait out its lifetime. The ACTIVE write of {@link #activate} is synced.
     */
    void put(String userId, String keyId, PendingRecord record) {
        byte[] encoded = record.encode();
        try {
            store.putWithoutSync(NodeStore.PENDING_KEYS, KeyRecord.storeKey(userId, keyId), encoded);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /**
     * Writes {@code active} as the key's ACTIVE record with its activation evidence (the ack set,
     * keygen §3.7) and drops the pending one, in one batch.
     */
    void activate(String userId, String keyId, byte[] activeRecord, byte[] evidence) {
        byte[] key = KeyRecord.storeKey(userId, keyId);
        store.batch().put(NodeStore.KEYS, key, activeRecord).put(NodeStore.KEY_EVIDENCE, key, evidence)
                .delete(NodeStore.PENDING_KEYS, key).commit();
    }

    void delete(String userId, String keyId) {
        store.delete(NodeStore.PENDING_KEYS, KeyRecord.storeKey(userId, keyId));
    }

    /** Deletes every pending record whose lifetime is over; returns how many. */
    int sweep(long nowMillis) {
        List<byte[]> expired = new ArrayList<>();
        try (StoreScanner scanner = store.scanner(NodeStore.PENDING_KEYS, new byte[0])) {
            while (scanner.hasNext()) {
                StoreEntry entry = scanner.next();
                byte[] value = entry.value();
                PendingRecord record = PendingRecord.decode(value);
                Arrays.fill(value, (byte) 0);
                if (record.expired(nowMillis)) {
                    expired.add(entry.key());
                }
                record.destroy();
            }
        }
        expired.forEach(key -> store.delete(NodeStore.PENDING_KEYS, key));
        return expired.size();
    }
}
