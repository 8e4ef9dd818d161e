package io.sigil.manager.results;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The replay check of new_key and sign_request made before the request's synced write
 * (docs/keygen.md §6.1, docs/security.md "The accepting write"), so the work can start while that
 * write runs: a request id is claimed once in this process, and a claim also fails when the store
 * already holds the id (a request of an earlier run). A claim is kept until a minute after its
 * request expired; by then the controller refuses the request by its {@code expiresAt} (the same
 * clock), so a forgotten claim can never let a replay through. A sign request refused after its
 * claim and before any work on it started (a key the manager refuses, a full pending queue) gives
 * its claim back ({@link #release}): nothing of it ran or was stored, so the very same signed
 * request, sent again once the cause is gone (a {@code 429} or {@code 503} asks for that), is
 * accepted instead of being answered as a replay whose result does not exist. A request whose
 * accepting write failed keeps its claim: its attempt 1 may already have run (docs/security.md,
 * "The accepting write").
 */
public final class AcceptedRequests {
    /** How often, at most, expired claims are dropped. */
    private static final long SWEEP_INTERVAL_SECONDS = 30;
    /** A claim outlives its request's expiry by this much, so no request still being checked outlives it. */
    private static final long KEPT_AFTER_EXPIRY_SECONDS = 60;

    private final Map<String, Long> claims = new ConcurrentHashMap<>();
    private final LongSupplier epochSeconds;
    private volatile long nextSweep;

    public AcceptedRequests() {
        this(() -> System.currentTimeMillis() / 1000);
    }

    AcceptedRequests(LongSupplier epochSeconds) {
        this.epochSeconds = epochSeconds;
    }

    /** True for the first claim of {@code requestId}, when {@code stored} does not know it either. */
    public boolean claim(String requestId, long expiresAt, Predicate<String> stored) {
        long now = epochSeconds.getAsLong();
        if (now >= nextSweep) {
            nextSweep = now + SWEEP_INTERVAL_SECONDS;
            claims.values().removeIf(expiry -> expiry + KEPT_AFTER_EXPIRY_SECONDS < now);
        }
        if (claims.putIfAbsent(requestId, expiresAt) != null) {
            return false;
        }
        return !stored.test(requestId);
    }

    /**
     * Gives back the claim of a request refused before any work on it started; a later claim still
     * fails when the store holds the id.
     */
    public void release(String requestId) {
        claims.remove(requestId);
    }

    /** Claims held (expired ones included until the next sweep). */
    public int size() {
        return claims.size();
    }
}
