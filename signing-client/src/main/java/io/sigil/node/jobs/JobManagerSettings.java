package io.sigil.node.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of a {@link JobManager} (design §5).
 *
 * @param maxRunning       at most this many sessions run at once ({@code j})
 * @param maxQueued        bound of the FIFO queue of sessions waiting to run
 * @param stageTimeout     time a stage may take, counted from when it starts
 * @param pollInterval     how often deadlines and buffer time-to-live are checked
 * @param bufferPerSender  early messages held per session and sender
 * @param bufferPerSession early messages held per session
 * @param bufferedSessions sessions for which early messages may be held at once
 * @param bufferTimeToLive how long an early message is held, and how long an ended session's
 *                         id is remembered to drop late messages and refuse its reuse
 * @param retryAfter       hint given with {@link SubmitResult.Overloaded}
 */
public record JobManagerSettings(int maxRunning, int maxQueued, Duration stageTimeout,
        Duration pollInterval, int bufferPerSender, int bufferPerSession, int bufferedSessions,
        Duration bufferTimeToLive, Duration retryAfter) {

    public JobManagerSettings {
        requirePositive(maxRunning, "maxRunning");
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must be >= 0");
        }
        requirePositive(stageTimeout, "stageTimeout");
        requirePositive(pollInterval, "pollInterval");
        requirePositive(bufferPerSender, "bufferPerSender");
        requirePositive(bufferPerSession, "bufferPerSession");
        requirePositive(bufferedSessions, "bufferedSessions");
        requirePositive(bufferTimeToLive, "bufferTimeToLive");
        requirePositive(retryAfter, "retryAfter");
        if (bufferPerSender > bufferPerSession) {
            throw new IllegalArgumentException("bufferPerSender must not exceed bufferPerSession");
        }
    }

    /**
     * Defaults: 4 sessions at once, 64 queued, 20 s per stage, polled every 500 ms. A signing
     * session's peer sends at most 2 messages per round (3 rounds), so 8 per sender and 32 per
     * session hold a whole session of a party of up to 5 running ahead.
     */
    public static JobManagerSettings defaults() {
        return new JobManagerSettings(4, 64, Duration.ofSeconds(20), Duration.ofMillis(500), 8, 32,
                256, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    public JobManagerSettings withMaxRunning(int value) {
        return new JobManagerSettings(value, maxQueued, stageTimeout, pollInterval, bufferPerSender,
                bufferPerSession, bufferedSessions, bufferTimeToLive, retryAfter);
    }

    public JobManagerSettings withMaxQueued(int value) {
        return new JobManagerSettings(maxRunning, value, stageTimeout, pollInterval, bufferPerSender,
                bufferPerSession, bufferedSessions, bufferTimeToLive, retryAfter);
    }

    public JobManagerSettings withStageTimeout(Duration value) {
        return new JobManagerSettings(maxRunning, maxQueued, value, pollInterval, bufferPerSender,
                bufferPerSession, bufferedSessions, bufferTimeToLive, retryAfter);
    }

    public JobManagerSettings withBuffer(int perSender, int perSession, int sessions, Duration timeToLive) {
        return new JobManagerSettings(maxRunning, maxQueued, stageTimeout, pollInterval, perSender,
                perSession, sessions, timeToLive, retryAfter);
    }

    /** Whole seconds for a {@code Retry-After} header, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
