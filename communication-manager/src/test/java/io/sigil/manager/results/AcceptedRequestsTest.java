package io.sigil.manager.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.identity.AccountKey;
import io.sigil.wire.keygen.NewKeyRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The replay check made before new_key's and sign_request's synced write (docs/keygen.md §6.1): one claim per request
 * id, even when many arrive at once, none for an id the store already holds, a claim given back by
 * a request refused before any work on it started, and a claim dropped
 * only well after its request expired (the clock is moved by hand).
 */
class AcceptedRequestsTest {
    private static final AccountKey ACCOUNT = AccountKey.generate();
    private final AtomicLong now = new AtomicLong(1_900_000_000L);
    private final Set<String> store = ConcurrentHashMap.newKeySet();
    private final AcceptedRequests accepted = new AcceptedRequests(now::get);

    private static NewKeyRequest request(String keyId, long expiresAt) {
        return NewKeyRequest.sign(ACCOUNT, "net", 1, keyId, 2, expiresAt, new byte[NewKeyRequest.NONCE_LENGTH]);
    }

    private boolean find(String requestId) {
        return store.contains(requestId);
    }

    private boolean claim(NewKeyRequest request) {
        return accepted.claim(request.requestId(), request.expiresAt(), this::find);
    }

    @Test
    void aRequestIdIsClaimedOnceAndNeverWhenTheStoreHoldsIt() {
        NewKeyRequest first = request("k1", now.get() + 300);
        assertThat(claim(first)).isTrue();
        assertThat(claim(first)).isFalse();
        NewKeyRequest earlier = request("k2", now.get() + 300);
        store.add(earlier.requestId());
        assertThat(claim(earlier)).isFalse();
        assertThat(claim(request("k3", now.get() + 300))).isTrue();
    }

    @Test
    void aReleasedClaimMayBeTakenAgainUnlessTheStoreHoldsTheId() {
        NewKeyRequest refused = request("k1", now.get() + 300);
        assertThat(claim(refused)).isTrue();
        accepted.release(refused.requestId());
        assertThat(claim(refused)).isTrue();
        assertThat(claim(refused)).isFalse();

        NewKeyRequest storedMeanwhile = request("k2", now.get() + 300);
        assertThat(claim(storedMeanwhile)).isTrue();
        store.add(storedMeanwhile.requestId());
        accepted.release(storedMeanwhile.requestId());
        assertThat(claim(storedMeanwhile)).isFalse();
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
                    return claim(request);
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
        assertThat(claim(request)).isTrue();
        now.addAndGet(10 + 60); // expired a minute ago: still held
        assertThat(claim(request)).isFalse();
        assertThat(accepted.size()).isEqualTo(1);
        now.addAndGet(31); // past the minute and the sweep interval: dropped (the controller refuses it by then)
        assertThat(claim(request("k2", now.get() + 300))).isTrue();
        assertThat(accepted.size()).isEqualTo(1);
    }
}
