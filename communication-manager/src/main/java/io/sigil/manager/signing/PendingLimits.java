package io.sigil.manager.signing;

import io.micronaut.http.HttpStatus;
import io.sigil.service.problem.ApiProblemException;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;

/**
 * Bounds the requests the manager drives at once: at most
 * {@link ManagerSettings#maxPendingPerUser()} per user (beyond: {@code 429}) and
 * {@link ManagerSettings#maxPending()} in all (beyond: {@code 503}), both with {@code Retry-After}.
 * One user cannot crowd out the others, and the manager's memory and threads stay bounded.
 * Requests resumed after a restart are counted but never refused: they were accepted already.
 */
@Singleton
final class PendingLimits {
    private final ManagerSettings settings;
    private final Map<String, Integer> perUser = new HashMap<>();
    private int total;

    PendingLimits(ManagerSettings settings) {
        this.settings = settings;
    }

    /**
     * Counts a new request of {@code userId}.
     *
     * @throws ApiProblemException {@code 429} (slug {@code too-many-pending}) or {@code 503}
     *     (slug {@code overloaded}), each with {@code Retry-After}
     */
    synchronized void acquire(String userId) {
        int mine = perUser.getOrDefault(userId, 0);
        if (mine >= settings.maxPendingPerUser()) {
            throw busy(HttpStatus.TOO_MANY_REQUESTS, "too-many-pending", "Too many pending requests",
                    "user " + userId + " already has " + mine + " pending sign request(s), the most this manager "
                            + "drives for one user; retry when one of them is final");
        }
        if (total >= settings.maxPending()) {
            throw busy(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Manager overloaded",
                    "the manager is driving " + total + " sign requests, its limit; retry later or use another manager");
        }
        resumed(userId);
    }

    /** Counts a request accepted before a restart, whatever the limits say. */
    synchronized void resumed(String userId) {
        perUser.merge(userId, 1, Integer::sum);
        total++;
    }

    /** Requests counted now, for every user. */
    synchronized int total() {
        return total;
    }

    synchronized void release(String userId) {
        Integer mine = perUser.get(userId);
        if (mine == null) {
            return;
        }
        if (mine <= 1) {
            perUser.remove(userId);
        } else {
            perUser.put(userId, mine - 1);
        }
        total--;
    }

    private ApiProblemException busy(HttpStatus status, String slug, String title, String detail) {
        long retryAfter = Math.max(1, settings.busyRetryAfter().toSeconds());
        return new ApiProblemException(status, slug, title, detail) {
            @Override
            public long retryAfterSeconds() {
                return retryAfter;
            }
        };
    }
}
