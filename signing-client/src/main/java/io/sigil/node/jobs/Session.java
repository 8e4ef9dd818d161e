package io.sigil.node.jobs;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The manager's record of one submitted session. Fields marked "lock" are guarded by the
 * manager's lock; "lane" fields are touched only from the session's {@link SerialLane}; volatile
 * fields are written on the lane and read by the poller.
 */
final class Session<M, R> {

    enum State {
        QUEUED,
        RUNNING
    }

    /** One delivered message, for duplicate suppression. */
    record Seen(String from, Object key) {
    }

    final SessionKey key;
    final Job<M, R> job;
    final Set<String> peers;
    final SerialLane lane;

    State state; // lock
    final Set<Seen> seen = new HashSet<>(); // lock
    boolean timeoutCheckPending; // lock

    boolean ended; // lane
    volatile int stage = Integer.MIN_VALUE; // written on the lane
    volatile Instant deadline; // written on the lane; null until the job has started

    Session(SessionKey key, Job<M, R> job, SerialLane lane) {
        this.key = key;
        this.job = job;
        this.peers = Set.copyOf(job.peers());
        this.lane = lane;
    }
}
