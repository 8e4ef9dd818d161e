package io.sigil.manager.keygen;

import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.PutResult;
import io.sigil.kvdb.StoreEntry;
import io.sigil.kvdb.StoreScanner;
import io.sigil.manager.store.RequestStore;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** new_key requests in the manager's encrypted store ({@link RequestStore#KEY_REQUESTS}), by request id. */
@Singleton
final class KeyRequests {
    private final EncryptedStore store;

    KeyRequests(RequestStore requests) {
        this.store = requests.encryptedStore();
    }

    /** Stores a new request; false when its id is already known (a replay). */
    boolean insertIfAbsent(StoredKeyRequest request) {
        return store.compareAndPut(RequestStore.KEY_REQUESTS, key(request.requestId()), Json.writeBytes(request))
                == PutResult.STORED;
    }

    void update(StoredKeyRequest request) {
        store.put(RequestStore.KEY_REQUESTS, key(request.requestId()), Json.writeBytes(request));
    }

    /**
     * {@link #update} without the fsync: it survives a process crash, not a power loss. For the
     * attempt number about to run (a request still pending after a restart is failed whatever
     * attempt it shows, and never resumed, so no attempt and no {@code dkg_sid} is reused) and for
     * the final result, whose loss turns a finished request into the restart failure while the
     * key's own records on the nodes are durable.
     */
    void progress(StoredKeyRequest request) {
        store.putWithoutSync(RequestStore.KEY_REQUESTS, key(request.requestId()), Json.writeBytes(request));
    }

    Optional<StoredKeyRequest> find(String requestId) {
        return store.get(RequestStore.KEY_REQUESTS, key(requestId)).map(bytes -> Json.read(bytes, StoredKeyRequest.class));
    }

    List<StoredKeyRequest> pending() {
        List<StoredKeyRequest> pending = new ArrayList<>();
        try (StoreScanner scanner = store.scanner(RequestStore.KEY_REQUESTS, new byte[0])) {
            while (scanner.hasNext()) {
                StoreEntry entry = scanner.next();
                StoredKeyRequest request = Json.read(entry.value(), StoredKeyRequest.class);
                if (!request.finished()) {
                    pending.add(request);
                }
            }
        }
        return pending;
    }

    private static byte[] key(String requestId) {
        return requestId.getBytes(StandardCharsets.UTF_8);
    }
}
