package io.sigil.node.jobs;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one session's tasks one at a time, in the order they were added, on a shared executor
 * (an actor mailbox). Tasks of different lanes run in parallel. Each drain is handed over through
 * {@link #scheduled}, so a task sees everything earlier tasks wrote even when they ran on other
 * threads: the job inside needs no locks.
 *
 * <p>{@link #add} never runs anything, so it is safe under the manager's lock; {@link #kick} may
 * run tasks on the calling thread (with a direct executor) and must be called without that lock.
 */
final class SerialLane {

    private static final Logger LOG = LoggerFactory.getLogger(SerialLane.class);
    /** Tasks per turn before the lane yields its thread, so one busy session cannot hog a worker. */
    private static final int BATCH = 32;

    private final Executor executor;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialLane(Executor executor) {
        this.executor = executor;
    }

    void add(Runnable task) {
        tasks.add(task);
    }

    void kick() {
        if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException rejected) {
                scheduled.set(false);
                throw rejected;
            }
        }
    }

    private void drain() {
        try {
            for (int i = 0; i < BATCH; i++) {
                Runnable task = tasks.poll();
                if (task == null) {
                    break;
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // Tasks catch their own failures; this is a last guard that keeps the lane alive.
                    LOG.error("session task failed: {}", e.getClass().getName());
                }
            }
        } finally {
            scheduled.set(false);
        }
        kick();
    }
}
