package io.sigil.node.jobs;

import java.util.Set;

/**
 * One multi-party session as the {@link JobManager} drives it.
 *
 * <p>Threading: {@link #start}, {@link #onMessage}, {@link #stage}, {@link #waitingFor} and
 * {@link #ended} are called on the session's own serial lane, one call at a time, each call
 * seeing the effects of the previous ones; the job needs no locks. {@link #peers} and
 * {@link #messageKey} may be called from any thread and must be pure (depend only on immutable
 * state and the argument).
 *
 * @param <M> the message type carried by the transport
 * @param <R> the result of a successful run
 */
public interface Job<M, R> {

    /**
     * The other members of the party (own node excluded). A message from anybody else is refused
     * and counted before it reaches the job (spec §8 row 1).
     */
    Set<String> peers();

    /**
     * Identity of a message for duplicate suppression: two messages from the same sender with
     * equal keys are the same message, and the second is ignored. The default is the message
     * itself (its {@code equals}).
     */
    default Object messageKey(M message) {
        return message;
    }

    /** Starts the first stage and sends its messages through {@code sink}. */
    JobStep<R> start(JobSink<M> sink);

    /** Takes one message from {@code from} (a member of {@link #peers()}; not seen before). */
    JobStep<R> onMessage(String from, M message);

    /**
     * The current stage (e.g. protocol round). The manager fixes a new stage deadline whenever
     * this changes; messages that do not change it never extend the deadline.
     */
    int stage();

    /** Peers from which the current stage still needs a message: the culprits if it times out. */
    Set<String> waitingFor();

    /**
     * Called exactly once when the session ends for any reason: the job's own outcome, a timeout,
     * an external abort or shutdown. The job keeps or reports its result and wipes its secrets.
     */
    void ended(JobOutcome<R> outcome);
}
