package io.sigil.node.jobs;

/** The answer to {@link JobManager#submit}. */
public sealed interface SubmitResult {

    /** The job runs now. */
    record Started() implements SubmitResult {
    }

    /** The job waits; {@code position} is its 1-based place in the FIFO queue when it was queued. */
    record Queued(int position) implements SubmitResult {
    }

    /**
     * The queue is full: the job was not taken. The HTTP layer answers {@code 503} with
     * {@code Retry-After: retryAfterSeconds} (design §5).
     */
    record Overloaded(long retryAfterSeconds) implements SubmitResult {
    }

    /** Not taken for another reason (the session id is in use or was used, or the manager is closed). */
    record Refused(Reason reason) implements SubmitResult {
    }

    enum Reason {
        SESSION_IN_USE,
        SESSION_FINISHED,
        SHUT_DOWN
    }
}
