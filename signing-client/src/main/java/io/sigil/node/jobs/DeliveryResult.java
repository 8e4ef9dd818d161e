package io.sigil.node.jobs;

/** What {@link JobManager#deliver} did with an inbound message. */
public enum DeliveryResult {
    /** Passed to the running session's lane. */
    DELIVERED,
    /** Held until the session opens (not yet submitted, or queued). */
    BUFFERED,
    /** Same sender and message key as an earlier message: ignored. */
    DUPLICATE,
    /** The sender is not a peer of the session: refused and counted. */
    REFUSED,
    /** The early-message buffer was over one of its bounds: dropped and counted. */
    DROPPED,
    /** The session already ended: dropped and counted. */
    LATE
}
