package io.sigil.service.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per key (a peer node, an account, a source address): each holds at most
 * {@code burst} tokens and regains one every {@code 60 s / perMinute}; an action takes one token
 * or is refused. The clock is injected so tests move time by hand. Buckets that have refilled
 * completely are dropped on the next {@link #tryTake} after {@code sweepEvery} keys were seen, so
 * a flood of throw-away keys costs no lasting memory.
 */
public final class TokenBuckets {
    private static final int SWEEP_EVERY = 1024;
    private final int burst;
    private final Duration refill;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private record Bucket(double tokens, Instant at) {
    }

    public TokenBuckets(int perMinute, int burst, Clock clock) {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate must allow at least 1 per minute with a burst of at least 1");
        }
        this.burst = burst;
        this.refill = Duration.ofMinutes(1).dividedBy(perMinute);
        this.clock = clock;
    }

    /** Takes one token from {@code key}'s bucket; false when it is empty for now. */
    public boolean tryTake(String key) {
        Instant now = clock.instant();
        if (buckets.size() >= SWEEP_EVERY) {
            buckets.values().removeIf(bucket -> tokensAt(bucket, now) >= burst);
        }
        boolean[] taken = new boolean[1];
        buckets.compute(key, (ignored, bucket) -> {
            double tokens = bucket == null ? burst : tokensAt(bucket, now);
            taken[0] = tokens >= 1;
            return new Bucket(taken[0] ? tokens - 1 : tokens, now);
        });
        return taken[0];
    }

    private double tokensAt(Bucket bucket, Instant now) {
        double regained = (double) Duration.between(bucket.at(), now).toNanos() / refill.toNanos();
        return Math.min(burst, bucket.tokens() + Math.max(0, regained));
    }

    /** Seconds until an empty bucket has a token again (for a {@code Retry-After} header). */
    public long retryAfterSeconds() {
        return Math.max(1, (refill.toMillis() + 999) / 1000);
    }
}
