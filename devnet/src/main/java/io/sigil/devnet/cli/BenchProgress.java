package io.sigil.devnet.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One phase of {@code sigil bench} reporting as it goes, on stderr (stdout keeps the single
 * result, JSON or text): every few seconds how many operations are done (of how many), how many
 * failed, and the running rate overall and over the last interval; a last line when it ends.
 */
final class BenchProgress implements AutoCloseable {
    private final PrintWriter err;
    private final String phase;
    private final long total;
    private final long started = System.nanoTime();
    private final LongAdder done = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final ScheduledExecutorService ticker;
    private long lastDone;
    private long lastTick = started;

    private BenchProgress(PrintWriter err, String phase, long total, Duration every) {
        this.err = err;
        this.phase = phase;
        this.total = total;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-progress");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::report, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@code total} is the number of operations expected, or 0 when the phase runs for a time. */
    static BenchProgress start(PrintWriter err, String phase, long total) {
        return new BenchProgress(err, phase, total, Duration.ofSeconds(2));
    }

    void succeeded() {
        done.increment();
    }

    void failed() {
        failed.increment();
    }

    private synchronized void report() {
        long now = System.nanoTime();
        long count = done.sum();
        double overall = count / Math.max(1e-9, (now - started) / 1e9);
        double recent = (count - lastDone) / Math.max(1e-9, (now - lastTick) / 1e9);
        lastDone = count;
        lastTick = now;
        err.printf("%s: %d%s done, %d failed, %.1f/s (last interval %.1f/s), %d s%n", phase, count,
                total > 0 ? " of " + total : "", failed.sum(), overall, recent, (now - started) / 1_000_000_000L);
        err.flush();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        report();
    }
}
