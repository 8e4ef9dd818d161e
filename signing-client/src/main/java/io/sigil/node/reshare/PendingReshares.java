package io.sigil.node.reshare;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreBatch;
import io.sigil.kvdb.StoreEntry;
import io.sigil.kvdb.StoreScanner;
import io.sigil.node.store.NodeStore;
import io.sigil.crypto.reshare.KeyPublicRecord;
import io.sigil.crypto.reshare.PendingReshare;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.PublicKeyBytes;
import java.util.Map;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * The node's {@code PENDING} records of epoch {@code e+1} (docs/keygen.md §3.4 step 5) in its
 * encrypted store, namespace {@link NodeStore#RESHARE_PENDING}, by {@code userId/keyId}. Written
 * before the node acknowledges, so an ack always stands for a durable shard; never read by
 * signing; a later attempt of the same key replaces the earlier one; deleted with the proposal
 * on an abort.
 */
public final class PendingReshares {
    private final EncryptedStore store;

    PendingReshares(EncryptedStore store) {
        this.store = store;
    }

    /**
     * One stored record: the new epoch, the attempt, {@code T'} and the record of {@code e+1}
     * ({@code j', t', accountKey, C'_*, s'_{j'}, cc}). Layout
     * {@code u64(epoch) ‖ u32(attempt) ‖ T'(32) ‖ KeyRecord.encode()}.
     */
    public record Stored(long epoch, int attempt, byte[] transcriptHash, KeyRecord record) {
        byte[] encode() {
            byte[] key = record.encode();
            try {
                return ByteBuffer.allocate(8 + 4 + 32 + key.length).putLong(epoch).putInt(attempt).put(transcriptHash)
                        .put(key).array();
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }

        /** The record of {@code e+1} a checked reshare stores (§3.4 step 5); the caller destroys its record. */
        static Stored of(PendingReshare key, int attempt) {
            KeyPublicRecord carried = key.carried();
            KeyRecord record = new KeyRecord(key.committee(), key.threshold(), PublicKeyBytes.of(carried.accountKey()),
                    key.commitments(), key.shard().share(), carried.chainCode());
            return new Stored(key.epoch(), attempt, key.transcriptHash(), record);
        }

        public static Stored decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            long epoch = in.getLong();
            int attempt = in.getInt();
            byte[] transcript = new byte[32];
            in.get(transcript);
            byte[] key = Arrays.copyOfRange(bytes, in.position(), bytes.length);
            try {
                return new Stored(epoch, attempt, transcript, KeyRecord.decode(key));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    void put(String userId, String keyId, Stored stored) {
        byte[] encoded = stored.encode();
        try {
            store.put(NodeStore.RESHARE_PENDING, KeyRecord.storeKey(userId, keyId), encoded);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /**
     * A batch's accepted keys (keygen §3.5), by {@code userId/keyId} store key: written in ONE
     * atomic store batch, which is synced before it returns, so the batch ack that follows stands
     * for durable shards (one fsync per delivery instead of one per key).
     */
    void putAll(Map<byte[], Stored> records, Map<byte[], byte[]> evidence) {
        StoreBatch batch = store.batch();
        records.forEach((key, stored) -> {
            byte[] encoded = stored.encode();
            try {
                batch.put(NodeStore.RESHARE_PENDING, key, encoded);
            } finally {
                Arrays.fill(encoded, (byte) 0);
            }
        });
        evidence.forEach((key, json) -> batch.put(NodeStore.RESHARE_PENDING_EVIDENCE, key, json));
        batch.commit();
    }

    /** The shared evidence of one batch (by its digest), written when the manager shares the batch's acks. */
    void putBatch(byte[] batchDigest, byte[] json) {
        store.put(NodeStore.RESHARE_PENDING_BATCHES, batchDigest, json);
    }

    /** Every pending record with its name {@code userId/keyId}, in store-key order; each is destroyed after {@code visit}. */
    void forEach(BiConsumer<String, Stored> visit) {
        try (StoreScanner scanner = store.scanner(NodeStore.RESHARE_PENDING, new byte[0])) {
            while (scanner.hasNext()) {
                StoreEntry entry = scanner.next();
                byte[] value = entry.value();
                Stored stored = Stored.decode(value);
                Arrays.fill(value, (byte) 0);
                try {
                    visit.accept(new String(entry.key(), StandardCharsets.UTF_8), stored);
                } finally {
                    stored.record().destroy();
                }
            }
        }
    }

    /** Adds the deletion of every pending record and its evidence to {@code batch}; returns how many records. */
    public static int deleteAll(EncryptedStore store, StoreBatch batch) {
        for (var namespace : List.of(NodeStore.RESHARE_PENDING_EVIDENCE, NodeStore.RESHARE_PENDING_BATCHES)) {
            keys(store, namespace).forEach(key -> batch.delete(namespace, key));
        }
        List<byte[]> keys = keys(store, NodeStore.RESHARE_PENDING);
        keys.forEach(key -> batch.delete(NodeStore.RESHARE_PENDING, key));
        return keys.size();
    }

    /** Every store key of {@code namespace} (values wiped). */
    public static List<byte[]> keys(EncryptedStore store, io.sigil.kvdb.Namespace namespace) {
        List<byte[]> keys = new ArrayList<>();
        try (StoreScanner scanner = store.scanner(namespace, new byte[0])) {
            while (scanner.hasNext()) {
                StoreEntry entry = scanner.next();
                Arrays.fill(entry.value(), (byte) 0);
                keys.add(entry.key());
            }
        }
        return keys;
    }
}
