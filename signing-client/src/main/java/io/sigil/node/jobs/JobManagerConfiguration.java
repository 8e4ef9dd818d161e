package io.sigil.node.jobs;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * Reads the job manager's limits from configuration ({@code sigil.jobs.*}, environment overrides
 * such as {@code SIGIL_JOBS_MAX_RUNNING}); defaults as in {@link JobManagerSettings#defaults()}.
 * The manager itself is built where the transport is at hand:
 * {@code JobManager.start(settings, outbound)}.
 */
@Factory
final class JobManagerConfiguration {

    @Singleton
    JobManagerSettings jobManagerSettings(
            @Value("${sigil.jobs.max-running:4}") int maxRunning,
            @Value("${sigil.jobs.max-queued:64}") int maxQueued,
            @Value("${sigil.jobs.stage-timeout:20s}") Duration stageTimeout,
            @Value("${sigil.jobs.poll-interval:500ms}") Duration pollInterval,
            @Value("${sigil.jobs.buffer-per-sender:8}") int bufferPerSender,
            @Value("${sigil.jobs.buffer-per-session:32}") int bufferPerSession,
            @Value("${sigil.jobs.buffered-sessions:256}") int bufferedSessions,
            @Value("${sigil.jobs.buffer-time-to-live:30s}") Duration bufferTimeToLive,
            @Value("${sigil.jobs.retry-after:5s}") Duration retryAfter) {
        return new JobManagerSettings(maxRunning, maxQueued, stageTimeout, pollInterval,
                bufferPerSender, bufferPerSession, bufferedSessions, bufferTimeToLive, retryAfter);
    }
}
