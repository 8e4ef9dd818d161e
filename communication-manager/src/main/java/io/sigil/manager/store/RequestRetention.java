package io.sigil.manager.store;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the manager's request store from growing for ever (docs/security.md §9, "No retention"): every
 * {@code sigil.retention.sweep-interval} (default 10 min) it deletes finished requests past their
 * expiry that were accepted more than {@code sigil.retention.requests} ago (default 7 days).
 * Their results are then gone from {@code GET /v1/signature/{id}} (404); clients keep their own.
 */
@Singleton
public final class RequestRetention {
    /** Beyond expiry, how long a request id still refuses a replay (the nodes' clock skew bound). */
    static final Duration SKEW = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(RequestRetention.class);
    private final RequestStore store;
    private final Duration retention;

    RequestRetention(RequestStore store, @Value("${sigil.retention.requests:7d}") Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalStateException("sigil.retention.requests must not be negative");
        }
        this.store = store;
        this.retention = retention;
    }

    @Scheduled(fixedDelay = "${sigil.retention.sweep-interval:10m}", initialDelay = "${sigil.retention.sweep-interval:10m}")
    void sweepNow() {
        int purged = sweep(Instant.now());
        if (purged > 0) {
            LOG.info("retention: purged {} finished sign request(s)", purged);
        }
    }

    /** One sweep as of {@code now} (tests move it by hand); returns how many requests were deleted. */
    public int sweep(Instant now) {
        return store.purge(now, retention, SKEW);
    }
}
