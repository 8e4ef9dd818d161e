package io.sigil.manager.signing;

import io.sigil.crypto.ecdsa.EcdsaSignature;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A request this process is driving: its attempts so far (to route reports, including late ones
 * of settled attempts) and a verified signature that arrived late for an earlier attempt, which
 * ends the current attempt (or stops the next one from starting) because the request needs
 * nothing more.
 */
final class ActiveRequest {
    private final Map<Integer, Attempt> attempts = new ConcurrentHashMap<>();
    private final CompletableFuture<EcdsaSignature> lateSignature = new CompletableFuture<>();
    private volatile Attempt current;

    /** Makes {@code attempt} the current one; it is settled at once when a late signature is already in. */
    void begin(Attempt attempt) {
        attempts.put(attempt.number(), attempt);
        current = attempt;
        if (lateSignature.isDone()) {
            attempt.adopt(lateSignature.join());
        }
    }

    Optional<Attempt> attempt(int number) {
        return Optional.ofNullable(attempts.get(number));
    }

    /** A verified signature from a settled attempt's member. */
    void lateSignature(EcdsaSignature signature) {
        if (lateSignature.complete(signature)) {
            Attempt running = current;
            if (running != null) {
                running.adopt(signature);
            }
        }
    }

    Optional<EcdsaSignature> lateSignature() {
        return lateSignature.isDone() ? Optional.of(lateSignature.join()) : Optional.empty();
    }
}
