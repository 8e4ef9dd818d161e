package io.sigil.manager.signing;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * How hard the manager tries: {@code sigil.manager.max-attempts} parties per request (default 3),
 * {@code sigil.manager.attempt-timeout} for one party to report (default 30 s, room for a first pairwise setup on a loaded machine; members that have
 * not reported by then are culprits), {@code sigil.manager.down-node-ttl} for how long an
 * unreachable node is left out of new parties (default 30 s), and
 * {@code sigil.manager.events-max-wait} for how long an event stream waits for a final status, and
 * {@code sigil.manager.answer-max-wait} (default 30 s) for how long a {@code POST} asked to
 * {@code Prefer: wait} holds its answer at most (0: never; docs/client-protocol.md).
 * Bounds: {@code sigil.manager.max-pending-per-user} requests driven at once for one user (default
 * 16, beyond: {@code 429}), {@code sigil.manager.max-pending} in all (default 4096, beyond:
 * {@code 503}), both answered with {@code Retry-After: sigil.manager.busy-retry-after} (default 5 s).
 * {@code sigil.manager.blamed-report-grace} (default 1 s) is how long an attempt whose missing
 * members were all blamed by peers still waits for those members' own reports, so that in a
 * mutual accusation both sides are heard (and both excluded), not just the faster one.
 * {@code sigil.manager.activate-second-wave-after} (default 200 ms) is the latest moment after
 * new_key's first {@code activate} wave went out that the second wave goes too, even while a
 * first-wave node has not answered (docs/keygen.md §6.1, "activate in two waves").
 */
@Singleton
public final class ManagerSettings {
    private final int maxAttempts;
    private final Duration attemptTimeout;
    private final Duration downNodeTtl;
    private final Duration eventsMaxWait;
    private final int maxPendingPerUser;
    private final int maxPending;
    private final Duration busyRetryAfter;
    private final Duration blamedReportGrace;
    private final Duration answerMaxWait;
    private final Duration activateSecondWaveAfter;

    ManagerSettings(@Value("${sigil.manager.max-attempts:3}") int maxAttempts,
                    @Value("${sigil.manager.attempt-timeout:30s}") Duration attemptTimeout,
                    @Value("${sigil.manager.down-node-ttl:30s}") Duration downNodeTtl,
                    @Value("${sigil.manager.events-max-wait:5m}") Duration eventsMaxWait,
                    @Value("${sigil.manager.max-pending-per-user:16}") int maxPendingPerUser,
                    @Value("${sigil.manager.max-pending:4096}") int maxPending,
                    @Value("${sigil.manager.busy-retry-after:5s}") Duration busyRetryAfter,
                    @Value("${sigil.manager.blamed-report-grace:1s}") Duration blamedReportGrace,
                    @Value("${sigil.manager.answer-max-wait:30s}") Duration answerMaxWait,
                    @Value("${sigil.manager.activate-second-wave-after:200ms}") Duration activateSecondWaveAfter) {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalStateException("sigil.manager.max-attempts must be between 1 and 100, is " + maxAttempts);
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalStateException("sigil.manager.attempt-timeout must be positive");
        }
        if (maxPendingPerUser < 1 || maxPending < 1) {
            throw new IllegalStateException("sigil.manager.max-pending-per-user and sigil.manager.max-pending must be "
                    + "positive");
        }
        this.maxAttempts = maxAttempts;
        this.attemptTimeout = attemptTimeout;
        this.downNodeTtl = downNodeTtl;
        this.eventsMaxWait = eventsMaxWait;
        this.maxPendingPerUser = maxPendingPerUser;
        this.maxPending = maxPending;
        this.busyRetryAfter = busyRetryAfter;
        if (blamedReportGrace.isNegative()) {
            throw new IllegalStateException("sigil.manager.blamed-report-grace must not be negative");
        }
        this.blamedReportGrace = blamedReportGrace;
        if (answerMaxWait.isNegative()) {
            throw new IllegalStateException("sigil.manager.answer-max-wait must not be negative");
        }
        this.answerMaxWait = answerMaxWait;
        if (activateSecondWaveAfter.isNegative()) {
            throw new IllegalStateException("sigil.manager.activate-second-wave-after must not be negative");
        }
        this.activateSecondWaveAfter = activateSecondWaveAfter;
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

    public int maxPendingPerUser() {
        return maxPendingPerUser;
    }

    public int maxPending() {
        return maxPending;
    }

    public Duration busyRetryAfter() {
        return busyRetryAfter;
    }

    public Duration blamedReportGrace() {
        return blamedReportGrace;
    }

    public Duration answerMaxWait() {
        return answerMaxWait;
    }

    public Duration activateSecondWaveAfter() {
        return activateSecondWaveAfter;
    }
}
