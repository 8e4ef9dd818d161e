package io.sigil.manager.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.identity.AccountKey;
import io.sigil.wire.keygen.NewKeyRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The replay check made before new_key's synced write (docs/keygen.md §6.1): one claim per request
 * id, even when many arrive at once, none for an id the store already holds, and a claim dropped
 * only well after its request expired (the clock is moved by hand).
 */
class AcceptedRequestsTest {
    private static final AccountKey ACCOUNT = AccountKey.generate();
    private final AtomicLong now = new AtomicLong(1_900_000_000L);
    private final Map<String, StoredKeyRequest> store = new ConcurrentHashMap<>();
    private final AcceptedRequests accepted = new AcceptedRequests(now::get);

    private static NewKeyRequest request(String keyId, long expiresAt) {
        return NewKeyRequest.sign(ACCOUNT, "net", 1, keyId, 2, expiresAt, new byte[NewKeyRequest.NONCE_LENGTH]);
    }

    private Optional<StoredKeyRequest> find(String requestId) {
        return Optional.ofNullable(store.get(requestId));
    }

    @Test
    void aRequestIdIsClaimedOnceAndNeverWhenTheStoreHoldsIt() {
        NewKeyRequest first = request("k1", now.get() + 300);
        assertThat(accepted.claim(first, this::find)).isTrue();
        assertThat(accepted.claim(first, this::find)).isFalse();
        NewKeyRequest earlier = request("k2", now.get() + 300);
        store.put(earlier.requestId(), StoredKeyRequest.pending(earlier.requestId(), earlier, 0));
        assertThat(accepted.claim(earlier, this::find)).isFalse();
        assertThat(accepted.claim(request("k3", now.get() + 300), this::find)).isTrue();
    }

    @Test
    void ofManyConcurrentClaimsOfOneRequestExactlyOneWins() throws Exception {
        NewKeyRequest request = request("k1", now.get() + 300);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> claims = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                claims.add(threads.submit(() -> {
                    go.await();
                    return accepted.claim(request, this::find);
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<Boolean> claim : claims) {
                won += claim.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        }
    }

    @Test
    void aClaimIsDroppedOnlyAMinuteAfterItsRequestExpired() {
        NewKeyRequest request = request("k1", now.get() + 10);
        assertThat(accepted.claim(request, this::find)).isTrue();
        now.addAndGet(10 + 60); // expired a minute ago: still held
        assertThat(accepted.claim(request, this::find)).isFalse();
        assertThat(accepted.size()).isEqualTo(1);
        now.addAndGet(31); // past the minute and the sweep interval: dropped (the controller refuses it by then)
        assertThat(accepted.claim(request("k2", now.get() + 300), this::find)).isTrue();
        assertThat(accepted.size()).isEqualTo(1);
    }
}
