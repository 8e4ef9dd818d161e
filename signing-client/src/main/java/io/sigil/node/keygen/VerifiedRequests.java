package io.sigil.node.keygen;

import io.sigil.wire.keygen.NewKeyRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The new_key requests whose account-key signature this node has verified, by request id, so that
 * the four calls of one generation (commit, reveal, deliver, activate) verify it once. Sound
 * because the id is recomputed from the request itself: it hashes the signed fields and the
 * signature (keygen §2.1), so an id seen before means exactly those bytes were verified before.
 * Entries leave when their request expires; the map holds at most {@link #CAPACITY}, beyond which
 * a request is simply verified every time.
 */
final class VerifiedRequests {
    static final int CAPACITY = 4096;

    private final Map<String, Long> expiresAtSeconds = new ConcurrentHashMap<>();

    /** True when {@code request} is signed by its own account key, verified now or before. */
    boolean verifies(NewKeyRequest request) {
        String requestId;
        try {
            requestId = request.requestId();
        } catch (RuntimeException malformed) {
            return false;
        }
        if (expiresAtSeconds.containsKey(requestId)) {
            return true;
        }
        if (!request.verifiesWithOwnAccountKey()) {
            return false;
        }
        if (expiresAtSeconds.size() < CAPACITY) {
            expiresAtSeconds.put(requestId, request.expiresAt());
        }
        return true;
    }

    /** Forgets requests that expired (they are refused by the form check before this one). */
    void sweep(long nowSeconds) {
        expiresAtSeconds.values().removeIf(expiresAt -> nowSeconds >= expiresAt);
    }

    int size() {
        return expiresAtSeconds.size();
    }
}
