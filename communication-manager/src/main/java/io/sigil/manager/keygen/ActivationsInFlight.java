package io.sigil.manager.keygen;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The signing nodes whose {@code activate} of a network key this manager has sent, or holds back
 * for its second wave ({@link ActivationWaves}), and not yet seen answered (docs/keygen.md §6.1,
 * "answer at the activation rule"). The manager answers the
 * user once every committee has a node that confirmed its ACTIVE record, so a user may sign while
 * a replica is still writing its own: the manager's admission check and party choice leave such a
 * replica out, like a replica known to lack the key, until its answer (or its failure) arrives,
 * and an epoch proposal waits for them (a node refuses {@code activate} while a proposal is open).
 * In memory only: a restarted manager sends no activate of an earlier request.
 */
@Singleton
public final class ActivationsInFlight {
    private final Map<String, Set<String>> inFlight = new HashMap<>();

    /** Before the first activate of {@code userId}'s key {@code keyId} is sent: every node that will get one. */
    synchronized void started(String userId, String keyId, Collection<String> nodes) {
        inFlight.computeIfAbsent(key(userId, keyId), unused -> new HashSet<>()).addAll(nodes);
    }

    /** {@code node} answered the activate (or the call failed): it no longer needs leaving out. */
    synchronized void settled(String userId, String keyId, String node) {
        String key = key(userId, keyId);
        Set<String> nodes = inFlight.get(key);
        if (nodes != null && nodes.remove(node) && nodes.isEmpty()) {
            inFlight.remove(key);
            if (inFlight.isEmpty()) {
                notifyAll();
            }
        }
    }

    /** The nodes still activating the key: none for a key whose activation is not running here. */
    public synchronized Set<String> activating(String userId, String keyId) {
        Set<String> nodes = inFlight.get(key(userId, keyId));
        return nodes == null ? Set.of() : Set.copyOf(nodes);
    }

    /**
     * Waits until no activate sent by this manager is still running, at most {@code timeout} (each
     * call is bounded by the node client's own timeout). False when some still run.
     */
    public synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!inFlight.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private static String key(String userId, String keyId) {
        return userId + "\n" + keyId;
    }
}
