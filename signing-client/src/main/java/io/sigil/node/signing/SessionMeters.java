package io.sigil.node.signing;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.sigil.node.jobs.JobMetrics;
import java.util.function.ToDoubleFunction;

/**
 * Exports the job manager's numbers to {@code /prometheus} (design §5, §8): sessions running and
 * queued, early messages buffered, and the counters of completed, failed, timed-out, refused,
 * overloaded sessions and dropped or duplicate messages. Read from the live snapshot at scrape
 * time, so nothing on the signing path pays for them.
 */
@Context
final class SessionMeters {

    SessionMeters(SigningEngine engine, MeterRegistry meters) {
        gauge(meters, engine, "sigil.sessions.running", "signing sessions running now", JobMetrics::running);
        gauge(meters, engine, "sigil.sessions.queued", "signing sessions waiting for a slot", JobMetrics::queued);
        gauge(meters, engine, "sigil.sessions.buffered.messages", "early messages kept for sessions not yet open",
                JobMetrics::buffered);
        counter(meters, engine, "completed", JobMetrics::completed);
        counter(meters, engine, "failed", JobMetrics::failed);
        counter(meters, engine, "timed-out", JobMetrics::timeouts);
        counter(meters, engine, "refused", JobMetrics::refused);
        counter(meters, engine, "overloaded", JobMetrics::overloaded);
        FunctionCounter.builder("sigil.session.messages.dropped", engine, value -> value.jobMetrics().dropped())
                .description("messages dropped over a buffer bound, at their time-to-live, or for ended sessions")
                .register(meters);
        FunctionCounter.builder("sigil.session.messages.duplicate", engine, value -> value.jobMetrics().duplicates())
                .description("duplicate protocol messages ignored").register(meters);
    }

    private static void gauge(MeterRegistry meters, SigningEngine engine, String name, String description,
                              ToDoubleFunction<JobMetrics> value) {
        Gauge.builder(name, engine, live -> value.applyAsDouble(live.jobMetrics())).description(description)
                .register(meters);
    }

    private static void counter(MeterRegistry meters, SigningEngine engine, String outcome,
                                ToDoubleFunction<JobMetrics> value) {
        FunctionCounter.builder("sigil.sessions.ended", engine, live -> value.applyAsDouble(live.jobMetrics()))
                .description("signing sessions by how they ended or were turned away").tag("outcome", outcome)
                .register(meters);
    }
}
