package io.sigil.manager.results;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Futures of requests' final statuses, for the event streams of sign_request and new_key: a waiter
 * gets a future that completes when the request finishes, or at once when it already has. The
 * store stays the truth; a future only spares a waiter from polling it.
 */
public final class FinalResults<S> {
    private final Map<String, CompletableFuture<S>> futures = new ConcurrentHashMap<>();

    /** Completes with the final status; at once if {@code current} already is final. Empty for an unknown id. */
    public Optional<CompletableFuture<S>> whenFinal(String requestId, Function<String, Optional<S>> current,
                                                    Predicate<S> finished) {
        CompletableFuture<S> future = futures.computeIfAbsent(requestId, id -> new CompletableFuture<>());
        Optional<S> stored = current.apply(requestId);
        if (stored.isEmpty()) {
            futures.remove(requestId, future);
            return Optional.empty();
        }
        if (finished.test(stored.get())) {
            future.complete(stored.get());
        }
        return Optional.of(future);
    }

    /** The request is final (stored, or for a signature held by the caller until its write ends): wake its waiters. */
    public void complete(String requestId, S status) {
        futures.computeIfAbsent(requestId, id -> new CompletableFuture<>()).complete(status);
        // the future has done its job; later callers read the store and get an already-final status
        futures.remove(requestId);
    }
}
