package io.sigil.manager.signing;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * How hard the manager tries: {@code sigil.manager.max-attempts} parties per request (default 3),
 * {@code sigil.manager.attempt-timeout} for one party to report (default 30 s, room for a first pairwise setup on a loaded machine; members that have
 * not reported by then are culprits), {@code sigil.manager.down-node-ttl} for how long an
 * unreachable node is left out of new parties (default 30 s), and
 * {@code sigil.manager.events-max-wait} for how long an event stream waits for a final status.
 */
@Singleton
public final class ManagerSettings {
    private final int maxAttempts;
    private final Duration attemptTimeout;
    private final Duration downNodeTtl;
    private final Duration eventsMaxWait;

    ManagerSettings(@Value("${sigil.manager.max-attempts:3}") int maxAttempts,
                    @Value("${sigil.manager.attempt-timeout:30s}") Duration attemptTimeout,
                    @Value("${sigil.manager.down-node-ttl:30s}") Duration downNodeTtl,
                    @Value("${sigil.manager.events-max-wait:5m}") Duration eventsMaxWait) {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalStateException("sigil.manager.max-attempts must be between 1 and 100, is " + maxAttempts);
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalStateException("sigil.manager.attempt-timeout must be positive");
        }
        this.maxAttempts = maxAttempts;
        this.attemptTimeout = attemptTimeout;
        this.downNodeTtl = downNodeTtl;
        this.eventsMaxWait = eventsMaxWait;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    public Duration downNodeTtl() {
        return downNodeTtl;
    }

    public Duration eventsMaxWait() {
        return eventsMaxWait;
    }
}
