package io.sigil.manager.store;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Value;
import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.kvdb.PutResult;
import io.sigil.kvdb.StoreEntry;
import io.sigil.kvdb.StoreOptions;
import io.sigil.kvdb.StoreScanner;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.service.node.LocalNode;
import io.sigil.service.node.StoreReopenGuard;
import jakarta.annotation.PreDestroy;
import io.sigil.kvdb.StorePurge;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The manager's encrypted store ({@code <data-dir>/store}): every accepted sign request by id,
 * pending or finished, so a restart keeps finished signatures and still lists pending requests.
 * The master key comes from {@code sigil.store.kek-keyset}, {@code sigil.store.passphrase-file}
 * or {@code sigil.store.passphrase-env} ({@link MasterKeySettings}).
 */
@Singleton
public final class RequestStore implements AutoCloseable {
    /** {@link StoredRequest} JSON by request id. */
    public static final Namespace REQUESTS = Namespace.of("sign-requests");
    /** Network key generation requests by request id (manager.keygen.KeyRequests). */
    public static final Namespace KEY_REQUESTS = Namespace.of("key-requests");

    private final BeanContext context;
    private final EncryptedStore store;

    RequestStore(BeanContext context, LocalNode node,
                 @Value("${sigil.store.kek-keyset:}") String kekKeyset,
                 @Value("${sigil.store.passphrase-file:}") String passphraseFile,
                 @Value("${sigil.store.passphrase-env:}") String passphraseVariable) {
        StoreReopenGuard.beforeOpen(context, "manager");
        this.context = context;
        this.store = EncryptedStore.open(StoreOptions.of(node.dataDirectory().resolve("store"),
                MasterKeySettings.resolve(kekKeyset, passphraseFile, passphraseVariable), REQUESTS, KEY_REQUESTS));
    }

    /** Stores a new request; false when its id is already known (a replay). */
    public boolean insertIfAbsent(StoredRequest request) {
        return store.compareAndPut(REQUESTS, key(request.requestId()), Json.writeBytes(request)) == PutResult.STORED;
    }

    public void update(StoredRequest request) {
        store.put(REQUESTS, key(request.requestId()), Json.writeBytes(request));
    }

    public Optional<StoredRequest> find(String requestId) {
        return store.get(REQUESTS, key(requestId)).map(bytes -> Json.read(bytes, StoredRequest.class));
    }

    /** Requests not yet finished, in id order (for an operator, and for a later resume). */
    public List<StoredRequest> pending() {
        List<StoredRequest> pending = new ArrayList<>();
        try (StoreScanner scanner = store.scanner(REQUESTS, new byte[0])) {
            while (scanner.hasNext()) {
                StoreEntry entry = scanner.next();
                StoredRequest request = Json.read(entry.value(), StoredRequest.class);
                if (!request.finished()) {
                    pending.add(request);
                }
            }
        }
        return pending;
    }

    /** The same encrypted store, for the tables of other request kinds (one RocksDB per process). */
    public EncryptedStore encryptedStore() {
        return store;
    }

    /**
     * Deletes the finished requests that are past both their expiry (plus {@code skew}; until then
     * the stored id is what refuses a replay of the same signed request) and {@code retention}
     * after they were accepted. Pending requests are never purged.
     *
     * @return how many were deleted
     */
    public int purge(Instant now, Duration retention, Duration skew) {
        long acceptedBefore = now.minus(retention).toEpochMilli();
        long expiredBefore = now.minus(skew).getEpochSecond();
        return StorePurge.deleteWhere(store, REQUESTS, value -> {
            StoredRequest request = Json.read(value, StoredRequest.class);
            return request.finished() && request.request().expiresAt() < expiredBefore
                    && request.acceptedAtMillis() < acceptedBefore;
        });
    }

    /** How many requests the store holds (pending and finished). */
    public long size() {
        return store.stats().entriesPerNamespace().getOrDefault(REQUESTS, 0L);
    }

    private static byte[] key(String requestId) {
        return requestId.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    @Override
    public void close() {
        StoreReopenGuard.closing(context);
        store.close();
    }
}
