package io.sigil.service.auth;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node-request signatures accepted within the time window, so the same signed request is
 * accepted once. An entry is kept until its signing time has fallen out of the window (after that
 * the time check refuses the request anyway), so the cache holds at most one window of traffic.
 * Only registered nodes can produce entries (the signature is checked first).
 */
final class ReplayCache {
    private static final int SWEEP_EVERY = 1024;
    private final Map<ByteBuffer, Long> seen = new ConcurrentHashMap<>();
    private final AtomicLong inserts = new AtomicLong();
    private final long windowMillis;

    ReplayCache(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /**
     * Records {@code signature} signed at {@code signedAtMillis}; false when it was recorded before
     * (a replay).
     */
    boolean firstUse(byte[] signature, long signedAtMillis, long nowMillis) {
        if (inserts.incrementAndGet() % SWEEP_EVERY == 0) {
            sweep(nowMillis);
        }
        return seen.putIfAbsent(ByteBuffer.wrap(signature.clone()), signedAtMillis + windowMillis) == null;
    }

    int size() {
        return seen.size();
    }

    void sweep(long nowMillis) {
        seen.values().removeIf(forgetAt -> forgetAt < nowMillis);
    }
}
