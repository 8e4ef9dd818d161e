package io.sigil.crypto.ot;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the checks whose outcome depends on a direction's long-lived secrets, and makes a
 * ban durable before the next such check runs (spec §4.6.3, MUST).
 *
 * <p>Why: a cheating Bob passes the KOS check exactly when the probed bits of Δ are 0. If Alice
 * evaluated many sessions' checks concurrently, each could leak one bit before any ban took
 * effect. So, per direction, Alice holds one guard; {@link #evaluate} runs the check under the
 * guard's lock, refuses to run once the direction is banned, and on a banning failure calls the
 * {@link BanRecorder} (which MUST persist {@code BANNED} for the node pair) <em>before</em>
 * releasing the lock. If persisting fails, the guard still stays banned in memory (fail closed).
 *
 * <p>One instance per direction and node process, shared by every session using the direction
 * (the node layer keeps them in a map keyed by {@code dir_sid}). Uses a {@link ReentrantLock},
 * which virtual threads can block on without pinning.
 */
public final class DirectionGuard {

    /** Persists the ban of the node pair; must return only once the ban is durable. */
    @FunctionalInterface
    public interface BanRecorder {
        void recordBan();
    }

    /** A check evaluated under the guard. */
    @FunctionalInterface
    public interface GuardedCheck<T, E extends Exception> {
        T run() throws E;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final BanRecorder recorder;
    private volatile boolean banned;

    /** {@code alreadyBanned} from the stored pair status. */
    public DirectionGuard(boolean alreadyBanned, BanRecorder recorder) {
        this.banned = alreadyBanned;
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /**
     * Runs {@code check} exclusively for this direction. If it throws an instance of
     * {@code banningFailure}, the direction is banned (and the ban recorded) before the lock is
     * released and the failure rethrown.
     *
     * @throws DirectionBannedException the direction was already banned; {@code check} did not run
     */
    public <T, E extends Exception> T evaluate(Class<E> banningFailure, GuardedCheck<T, E> check)
            throws E, DirectionBannedException {
        lock.lock();
        try {
            if (banned) {
                throw new DirectionBannedException();
            }
            try {
                return check.run();
            } catch (Exception failure) {
                if (banningFailure.isInstance(failure)) {
                    banLocked();
                }
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Bans the direction for a failure detected elsewhere (e.g. a multiplication check of the
     * other direction of the same pair). Waits for an in-flight check to end.
     */
    public void ban() {
        lock.lock();
        try {
            if (!banned) {
                banLocked();
            }
        } finally {
            lock.unlock();
        }
    }

    public boolean isBanned() {
        return banned;
    }

    private void banLocked() {
        banned = true;
        recorder.recordBan();
    }
}
