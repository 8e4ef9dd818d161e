package io.sigil.node.pairing;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import io.sigil.service.limits.TokenBuckets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * What keeps a peer from making this node burn CPU on pairwise setups (each costs ~0.5 CPU-second):
 * one setup computed at a time per peer, a per-peer token bucket for the setups it may ask for
 * ({@code sigil.pairing.setups-per-minute}, burst {@code sigil.pairing.setup-burst}, 5), and the
 * highest generation each peer has started, so a replayed (captured) start is refused before any
 * work: a generation must exceed every one already started or stored (spec §3.2).
 */
@Singleton
public final class PairingLimits {
    private final TokenBuckets allowance;
    private final Map<String, Semaphore> computing = new ConcurrentHashMap<>();
    private final Map<String, Long> highestStarted = new ConcurrentHashMap<>();

    @Inject
    PairingLimits(@Value("${sigil.pairing.setups-per-minute:6}") int perMinute,
                  @Value("${sigil.pairing.setup-burst:5}") int burst) {
        this(perMinute, burst, Clock.systemUTC());
    }

    PairingLimits(int perMinute, int burst, Clock clock) {
        this.allowance = new TokenBuckets(perMinute, burst, clock);
    }

    /** Takes one setup from {@code peer}'s allowance; false when it has used it up for now. */
    public boolean tryTake(String peer) {
        return allowance.tryTake(peer);
    }

    /** Seconds until a peer may ask again (for {@code Retry-After}). */
    public long retryAfterSeconds() {
        return allowance.retryAfterSeconds();
    }

    /** Claims the one computing slot for {@code peer}; false while another setup with it is computed. */
    public boolean tryStartComputing(String peer) {
        return computing.computeIfAbsent(peer, key -> new Semaphore(1)).tryAcquire();
    }

    public void doneComputing(String peer) {
        Semaphore slot = computing.get(peer);
        if (slot != null) {
            slot.release();
        }
    }

    /** The highest generation {@code peer} started with this node since it started (0 for none). */
    public long highestStarted(String peer) {
        return highestStarted.getOrDefault(peer, 0L);
    }

    /** Records {@code generation} as started; false when it is not above every one before (a replay). */
    public boolean claimGeneration(String peer, long generation) {
        boolean[] claimed = new boolean[1];
        highestStarted.compute(peer, (key, highest) -> {
            claimed[0] = highest == null || generation > highest;
            return claimed[0] ? generation : highest;
        });
        return claimed[0];
    }
}
