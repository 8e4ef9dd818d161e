package io.sigil.node.keygen;

import io.sigil.crypto.dkg.ContributionMaterial;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgParameters;
import io.sigil.crypto.dkg.DkgRound1;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * This node's open round-1 contributions (keygen §2.3), in memory only: the polynomial never
 * touches disk, so a contributor that restarts between commit and reveal cannot reveal and the
 * manager retries without it (keygen §2.7). Each is taken once ({@link #take}) and wiped when it
 * expires unrevealed. Its shares are sealed on a virtual thread as soon as it opens
 * ({@link DkgRound1#sealAhead}), while the manager gathers the other commits, so round 2 finds
 * them ready. The session-independent part of round 1 (the polynomial, its commitments, the proof's
 * nonce: {@link ContributionMaterial}) is prepared ahead, one per threshold, a moment after each use
 * ({@link #PREPARE_AFTER}) so the refill does not compete with the attempt that just used it; a
 * commit that finds none prepares its own at once, as before.
 */
final class Contributions implements AutoCloseable {
    /** Longer than an attempt's remaining rounds normally take (docs/keygen.md §6.1, "round 1 prepared ahead"). */
    static final java.time.Duration PREPARE_AFTER = java.time.Duration.ofMillis(100);

    private record Open(DkgRound1 round, byte[] sessionId, long expiresAtMillis, CompletableFuture<Void> sealing) {
    }

    private final Map<String, Open> open = new ConcurrentHashMap<>();
    private final Map<Integer, ContributionMaterial> prepared = new ConcurrentHashMap<>();
    private final Executor refill;
    private volatile boolean closed;

    Contributions() {
        this(CompletableFuture.delayedExecutor(PREPARE_AFTER.toMillis(), TimeUnit.MILLISECONDS,
                command -> Thread.ofVirtual().name("dkg-prepare-ahead").start(command)));
    }

    /** @param refill runs each refill of the prepared material (a delayed executor in service) */
    Contributions(Executor refill) {
        this.refill = refill;
    }

    /** Round 1 of {@code parameters} for this node's committee; the same one again for a repeated call. */
    DkgRound1 start(DkgParameters parameters, int committee, java.security.SecureRandom rng, long expiresAtMillis,
                    DkgDirectory directory) {
        return open.computeIfAbsent(key(parameters), ignored -> {
            DkgRound1 round = DkgRound1.start(parameters, committee, material(parameters.threshold(), rng));
            CompletableFuture<Void> sealing = new CompletableFuture<>();
            Thread.ofVirtual().name("dkg-seal-ahead").start(() -> {
                try {
                    round.sealAhead(directory);
                } finally {
                    sealing.complete(null);
                }
            });
            return new Open(round, parameters.sessionId(), expiresAtMillis, sealing);
        }).round();
    }

    /**
     * Removes and returns the open round of {@code parameters}, if any and for this very session,
     * once its sealing ahead has ended (if that failed, round 2 seals the shares itself).
     */
    Optional<DkgRound1> take(DkgParameters parameters) {
        Open taken = open.remove(key(parameters));
        if (taken == null) {
            return Optional.empty();
        }
        if (!java.util.Arrays.equals(taken.sessionId(), parameters.sessionId())) {
            taken.round().destroy();
            return Optional.empty();
        }
        taken.sealing().join();
        return Optional.of(taken.round());
    }

    /** The material prepared for {@code threshold}, or fresh material; either way a refill is scheduled. */
    private ContributionMaterial material(int threshold, java.security.SecureRandom rng) {
        ContributionMaterial ready = prepared.remove(threshold);
        refill.execute(() -> {
            if (closed) {
                return;
            }
            prepared.merge(threshold, ContributionMaterial.prepare(threshold, rng), (kept, spare) -> {
                spare.destroy();
                return kept;
            });
            if (closed) {
                close();
            }
        });
        return ready != null ? ready : ContributionMaterial.prepare(threshold, rng);
    }

    /** Whether material for {@code threshold} is prepared (tests). */
    boolean hasPrepared(int threshold) {
        return prepared.containsKey(threshold);
    }

    /** Wipes the prepared material; a refill still running wipes its own. */
    @Override
    public void close() {
        closed = true;
        prepared.values().removeIf(material -> {
            material.destroy();
            return true;
        });
    }

    /** Wipes contributions whose request expired unrevealed. */
    void sweep(long nowMillis) {
        open.entrySet().removeIf(entry -> {
            if (nowMillis >= entry.getValue().expiresAtMillis()) {
                entry.getValue().round().destroy();
                return true;
            }
            return false;
        });
    }

    private static String key(DkgParameters parameters) {
        return parameters.requestId() + "/" + parameters.attempt();
    }
}
