package io.sigil.node.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The threading model on virtual threads: one call at a time into a session's job however many
 * threads deliver to it, and different sessions really in parallel. The waits below only bound
 * how long a broken implementation can hang the build; nothing asserts on elapsed time.
 */
class JobManagerThreadingTest {

    private static final long GUARD_SECONDS = 30;

    @Test
    void oneSessionTakesOneMessageAtATimeFromManyDeliveringThreads() throws Exception {
        int senders = 8;
        int perSender = 200;
        String[] peers = new String[senders];
        for (int i = 0; i < senders; i++) {
            peers[i] = "peer-" + i;
        }
        CountingJob job = new CountingJob(senders * perSender, peers);
        try (ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor();
                ExecutorService deliverers = Executors.newFixedThreadPool(senders)) {
            JobManager<String> jobs = new JobManager<>(JobManagerSettings.defaults(), (s, m) -> { },
                    lanes, MutableClock.atEpoch());
            byte[] sid = "s1".getBytes(StandardCharsets.UTF_8);
            jobs.submit(sid, job);
            List<CompletableFuture<Void>> deliveries = new ArrayList<>();
            for (String peer : peers) {
                deliveries.add(CompletableFuture.runAsync(() -> {
                    for (int k = 0; k < perSender; k++) {
                        jobs.deliver(sid, peer, peer + "/" + k);
                    }
                }, deliverers));
            }
            CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).get(GUARD_SECONDS, TimeUnit.SECONDS);

            assertThat(job.done.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(senders * perSender);
            assertThat(job.overlapped).isFalse();
            assertThat(jobs.metrics().completed()).isEqualTo(1);
        }
    }

    @Test
    void differentSessionsRunInParallel() throws Exception {
        // Both jobs wait inside onMessage for each other: this can only finish if both sessions
        // are inside their jobs at the same moment.
        CyclicBarrier bothInside = new CyclicBarrier(2);
        try (ExecutorService lanes = Executors.newVirtualThreadPerTaskExecutor()) {
            JobManager<String> jobs = new JobManager<>(JobManagerSettings.defaults(), (s, m) -> { },
                    lanes, MutableClock.atEpoch());
            BarrierJob first = new BarrierJob(bothInside);
            BarrierJob second = new BarrierJob(bothInside);
            jobs.submit("s1".getBytes(StandardCharsets.UTF_8), first);
            jobs.submit("s2".getBytes(StandardCharsets.UTF_8), second);

            jobs.deliver("s1".getBytes(StandardCharsets.UTF_8), "b", "go");
            jobs.deliver("s2".getBytes(StandardCharsets.UTF_8), "b", "go");

            assertThat(first.done.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("met");
            assertThat(second.done.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("met");
        }
    }

    /** Completes after {@code expected} messages; flags any overlapping call. */
    private static final class CountingJob implements Job<String, Integer> {
        private final int expected;
        private final Set<String> peers;
        private final CompletableFuture<Integer> done = new CompletableFuture<>();
        private final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean overlapped;
        private int count; // deliberately unsynchronised: the lane must make this safe

        CountingJob(int expected, String... peers) {
            this.expected = expected;
            this.peers = Set.of(peers);
        }

        @Override
        public Set<String> peers() {
            return peers;
        }

        @Override
        public JobStep<Integer> start(JobSink<String> sink) {
            return JobStep.running();
        }

        @Override
        public JobStep<Integer> onMessage(String from, String message) {
            if (inside.incrementAndGet() != 1) {
                overlapped = true;
            }
            try {
                count++;
                Thread.yield();
                return count == expected ? JobStep.completed(count) : JobStep.running();
            } finally {
                inside.decrementAndGet();
            }
        }

        @Override
        public int stage() {
            return 1;
        }

        @Override
        public Set<String> waitingFor() {
            return peers;
        }

        @Override
        public void ended(JobOutcome<Integer> outcome) {
            if (outcome instanceof JobOutcome.Completed<Integer> completed) {
                done.complete(completed.result());
            } else {
                done.completeExceptionally(new AssertionError("failed: " + outcome));
            }
        }
    }

    private static final class BarrierJob implements Job<String, String> {
        private final CyclicBarrier barrier;
        private final CompletableFuture<String> done = new CompletableFuture<>();

        BarrierJob(CyclicBarrier barrier) {
            this.barrier = barrier;
        }

        @Override
        public Set<String> peers() {
            return Set.of("b");
        }

        @Override
        public JobStep<String> start(JobSink<String> sink) {
            return JobStep.running();
        }

        @Override
        public JobStep<String> onMessage(String from, String message) {
            try {
                barrier.await(GUARD_SECONDS, TimeUnit.SECONDS);
                return JobStep.completed("met");
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                return JobStep.completed("never met");
            }
        }

        @Override
        public int stage() {
            return 1;
        }

        @Override
        public Set<String> waitingFor() {
            return Set.of("b");
        }

        @Override
        public void ended(JobOutcome<String> outcome) {
            if (outcome instanceof JobOutcome.Completed<String> completed) {
                done.complete(completed.result());
            }
        }
    }
}
