package io.sigil.node.epoch;

import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreBatch;
import io.sigil.node.store.NodeStore;
import io.sigil.registry.governance.Approval;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The open proposal as the node keeps it in its encrypted store ({@link NodeStore#META}, key
 * {@value #KEY}): the registry bytes (base64) and the approval exactly as received, and when it
 * was recorded. Written before the node answers "accepted", so a restart finds it again; the
 * node re-checks it against its registry when it loads it, trusting its own store no more than
 * a message.
 */
record StoredProposal(String registry, Approval approval, long recordedAt) {
    static final String KEY = "epoch/proposal";

    static Optional<StoredProposal> load(EncryptedStore store) {
        return store.get(NodeStore.META, key()).map(bytes -> Json.read(new String(bytes, StandardCharsets.UTF_8),
                StoredProposal.class));
    }

    void save(EncryptedStore store) {
        store.put(NodeStore.META, key(), Json.write(this).getBytes(StandardCharsets.UTF_8));
    }

    static void delete(EncryptedStore store) {
        store.delete(NodeStore.META, key());
    }

    static void delete(StoreBatch batch) {
        batch.delete(NodeStore.META, key());
    }

    private static byte[] key() {
        return KEY.getBytes(StandardCharsets.US_ASCII);
    }
}
