package io.sigil.node.jobs;

/**
 * A consistent snapshot of a {@link JobManager}'s gauges ({@code running}, {@code queued},
 * {@code buffered} messages) and counters since it was created. {@code dropped} counts early
 * messages dropped over a bound or at the end of their time-to-live, and messages for sessions
 * that had already ended.
 */
public record JobMetrics(int running, int queued, int buffered, long dropped, long refused,
        long duplicates, long overloaded, long timeouts, long completed, long failed) {
}
