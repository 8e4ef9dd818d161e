package io.sigil.node.keygen;

import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgParameters;
import io.sigil.crypto.dkg.DkgRound1;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's open round-1 contributions (keygen §2.3), in memory only: the polynomial never
 * touches disk, so a contributor that restarts between commit and reveal cannot reveal and the
 * manager retries without it (keygen §2.7). Each is taken once ({@link #take}) and wiped when it
 * expires unrevealed. Its shares are sealed on a virtual thread as soon as it opens
 * ({@link DkgRound1#sealAhead}), while the manager gathers the other commits, so round 2 finds
 * them ready.
 */
final class Contributions {
    private record Open(DkgRound1 round, byte[] sessionId, long expiresAtMillis, CompletableFuture<Void> sealing) {
    }

    private final Map<String, Open> open = new ConcurrentHashMap<>();

    /** Round 1 of {@code parameters} for this node's committee; the same one again for a repeated call. */
    DkgRound1 start(DkgParameters parameters, int committee, java.security.SecureRandom rng, long expiresAtMillis,
                    DkgDirectory directory) {
        return open.computeIfAbsent(key(parameters), ignored -> {
            DkgRound1 round = DkgRound1.start(parameters, committee, rng);
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
