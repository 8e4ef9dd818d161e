package io.sigil.node.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.dkls23.AbortClass;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The manager's rules (design §5) with fake jobs, on a direct executor and a hand-moved clock:
 * everything runs on the test thread, deterministically; the poll is called by hand.
 */
class JobManagerTest {

    private final MutableClock clock = MutableClock.atEpoch();
    private final List<String> sent = new ArrayList<>();

    private JobManager<String> manager(JobManagerSettings settings) {
        return new JobManager<>(settings, (session, message) -> {
            if (message.startsWith("unreachable:")) {
                throw new PeerUnreachableException(message.substring("unreachable:".length()), "outbox full");
            }
            sent.add(session.shortForm() + ":" + message);
        }, Runnable::run, clock);
    }

    private static byte[] sid(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static JobManagerSettings settings() {
        return JobManagerSettings.defaults().withMaxRunning(2).withMaxQueued(2)
                .withStageTimeout(Duration.ofSeconds(10))
                .withBuffer(2, 3, 2, Duration.ofSeconds(10));
    }

    @Test
    void runsAtMostMaxRunningAndQueuesTheRestInOrder() {
        JobManager<String> jobs = manager(settings());
        FakeJob first = new FakeJob(1, "b");
        FakeJob second = new FakeJob(1, "b");
        FakeJob third = new FakeJob(1, "b");
        FakeJob fourth = new FakeJob(1, "b");

        assertThat(jobs.submit(sid("s1"), first)).isEqualTo(new SubmitResult.Started());
        assertThat(jobs.submit(sid("s2"), second)).isEqualTo(new SubmitResult.Started());
        assertThat(jobs.submit(sid("s3"), third)).isEqualTo(new SubmitResult.Queued(1));
        assertThat(jobs.submit(sid("s4"), fourth)).isEqualTo(new SubmitResult.Queued(2));
        assertThat(third.started()).isFalse();
        assertThat(jobs.metrics().running()).isEqualTo(2);
        assertThat(jobs.metrics().queued()).isEqualTo(2);

        assertThat(jobs.deliver(sid("s2"), "b", "1")).isEqualTo(DeliveryResult.DELIVERED);

        assertThat(second.outcome()).isEqualTo(JobOutcome.completed("done"));
        assertThat(third.started()).as("first queued starts first").isTrue();
        assertThat(fourth.started()).isFalse();
        assertThat(jobs.metrics().running()).isEqualTo(2);
        assertThat(jobs.metrics().queued()).isEqualTo(1);
    }

    @Test
    void fullQueueAnswersOverloadedWithRetryAfterAndKeepsNothing() {
        JobManagerSettings settings = new JobManagerSettings(1, 1, Duration.ofSeconds(10),
                Duration.ofMillis(500), 2, 3, 2, Duration.ofSeconds(10), Duration.ofMillis(6500));
        JobManager<String> jobs = manager(settings);
        jobs.submit(sid("s1"), new FakeJob(1, "b"));
        jobs.submit(sid("s2"), new FakeJob(1, "b"));
        FakeJob refused = new FakeJob(1, "b");

        assertThat(jobs.submit(sid("s3"), refused)).isEqualTo(new SubmitResult.Overloaded(7));
        assertThat(refused.started()).isFalse();
        assertThat(jobs.isActive(sid("s3"))).isFalse();
        assertThat(jobs.metrics().overloaded()).isEqualTo(1);
        assertThat(jobs.metrics().queued()).isEqualTo(1);
    }

    @Test
    void sessionIdInUseOrJustEndedIsRefused() {
        JobManager<String> jobs = manager(settings());
        jobs.submit(sid("s1"), new FakeJob(1, "b"));
        assertThat(jobs.submit(sid("s1"), new FakeJob(1, "b")))
                .isEqualTo(new SubmitResult.Refused(SubmitResult.Reason.SESSION_IN_USE));
        jobs.deliver(sid("s1"), "b", "1");
        assertThat(jobs.submit(sid("s1"), new FakeJob(1, "b")))
                .isEqualTo(new SubmitResult.Refused(SubmitResult.Reason.SESSION_FINISHED));
    }

    @Test
    void earlyMessagesAreHeldAndHandedOverInArrivalOrderWhenTheSessionOpens() {
        JobManager<String> jobs = manager(settings().withBuffer(4, 8, 2, Duration.ofSeconds(10)));
        assertThat(jobs.deliver(sid("s1"), "c", "x")).isEqualTo(DeliveryResult.BUFFERED);
        assertThat(jobs.deliver(sid("s1"), "b", "1")).isEqualTo(DeliveryResult.BUFFERED);
        assertThat(jobs.deliver(sid("s1"), "c", "1")).isEqualTo(DeliveryResult.BUFFERED);
        assertThat(jobs.metrics().buffered()).isEqualTo(3);
        FakeJob job = new FakeJob(2, "b", "c");

        jobs.submit(sid("s1"), job);

        assertThat(job.received()).containsExactly(new FakeJob.Received("c", "x"),
                new FakeJob.Received("b", "1"), new FakeJob.Received("c", "1"));
        assertThat(job.stage()).isEqualTo(2);
        assertThat(jobs.metrics().buffered()).isZero();
    }

    @Test
    void messagesForAQueuedSessionWaitUntilItRuns() {
        JobManager<String> jobs = manager(settings().withMaxRunning(1));
        jobs.submit(sid("s1"), new FakeJob(1, "b"));
        FakeJob queued = new FakeJob(1, "b");
        jobs.submit(sid("s2"), queued);

        assertThat(jobs.deliver(sid("s2"), "b", "1")).isEqualTo(DeliveryResult.BUFFERED);
        assertThat(queued.received()).isEmpty();

        jobs.deliver(sid("s1"), "b", "1");
        assertThat(queued.outcome()).isEqualTo(JobOutcome.completed("done"));
        assertThat(jobs.metrics().completed()).isEqualTo(2);
    }

    @Test
    void earlyBufferIsBoundedPerSenderPerSessionAndInSessionsAndCountsDrops() {
        // 2 per sender, 3 per session, 2 sessions.
        JobManager<String> jobs = manager(settings());
        assertThat(jobs.deliver(sid("s1"), "b", "1")).isEqualTo(DeliveryResult.BUFFERED);
        assertThat(jobs.deliver(sid("s1"), "b", "2")).isEqualTo(DeliveryResult.BUFFERED);
        assertThat(jobs.deliver(sid("s1"), "b", "3")).isEqualTo(DeliveryResult.DROPPED);
        assertThat(jobs.deliver(sid("s1"), "c", "1")).isEqualTo(DeliveryResult.BUFFERED);
        assertThat(jobs.deliver(sid("s1"), "d", "1")).isEqualTo(DeliveryResult.DROPPED);
        assertThat(jobs.deliver(sid("s2"), "b", "1")).isEqualTo(DeliveryResult.BUFFERED);
        assertThat(jobs.deliver(sid("s3"), "b", "1")).isEqualTo(DeliveryResult.DROPPED);

        JobMetrics metrics = jobs.metrics();
        assertThat(metrics.buffered()).isEqualTo(4);
        assertThat(metrics.dropped()).isEqualTo(3);

        FakeJob job = new FakeJob(3, "b", "c", "d");
        jobs.submit(sid("s1"), job);
        assertThat(job.received()).containsExactly(new FakeJob.Received("b", "1"),
                new FakeJob.Received("b", "2"), new FakeJob.Received("c", "1"));
    }

    @Test
    void earlyMessagesExpireAfterTheirTimeToLive() {
        JobManager<String> jobs = manager(settings());
        jobs.deliver(sid("s1"), "b", "old");
        clock.advance(Duration.ofSeconds(5));
        jobs.deliver(sid("s1"), "c", "young");
        clock.advance(Duration.ofSeconds(5));

        jobs.poll();

        assertThat(jobs.metrics().dropped()).isEqualTo(1);
        assertThat(jobs.metrics().buffered()).isEqualTo(1);
        FakeJob job = new FakeJob(1, "b", "c");
        jobs.submit(sid("s1"), job);
        assertThat(job.received()).containsExactly(new FakeJob.Received("c", "young"));
    }

    @Test
    void duplicateMessagesAreIgnoredWhetherRunningOrBuffered() {
        JobManager<String> jobs = manager(settings());
        jobs.deliver(sid("s1"), "b", "x");
        jobs.deliver(sid("s1"), "b", "x");
        FakeJob job = new FakeJob(1, "b", "c");
        jobs.submit(sid("s1"), job);

        assertThat(jobs.deliver(sid("s1"), "b", "x")).isEqualTo(DeliveryResult.DUPLICATE);
        assertThat(jobs.deliver(sid("s1"), "c", "x")).as("same key, other sender").isEqualTo(DeliveryResult.DELIVERED);

        assertThat(job.received()).containsExactly(new FakeJob.Received("b", "x"), new FakeJob.Received("c", "x"));
        assertThat(jobs.metrics().duplicates()).isEqualTo(2);
    }

    @Test
    void messagesFromOutsideThePartyAreRefusedAndCounted() {
        JobManager<String> jobs = manager(settings());
        jobs.deliver(sid("s1"), "mallory", "1");
        FakeJob job = new FakeJob(1, "b");
        jobs.submit(sid("s1"), job);

        assertThat(jobs.deliver(sid("s1"), "eve", "1")).isEqualTo(DeliveryResult.REFUSED);

        assertThat(job.received()).isEmpty();
        assertThat(jobs.metrics().refused()).isEqualTo(2);
        assertThat(job.outcome()).isNull();
    }

    @Test
    void aStageThatTimesOutNamesThePeersStillAwaited() {
        JobManager<String> jobs = manager(settings());
        FakeJob job = new FakeJob(2, "b", "c", "d");
        jobs.submit(sid("s1"), job);
        jobs.deliver(sid("s1"), "b", "1");
        clock.advance(Duration.ofSeconds(9));
        jobs.poll();
        assertThat(job.outcome()).isNull();

        clock.advance(Duration.ofSeconds(1));
        jobs.poll();

        assertThat(job.outcome()).isEqualTo(JobOutcome.failed(JobOutcome.TIMEOUT, AbortClass.RETRY,
                Set.of("c", "d"), "stage 1 deadline passed"));
        JobMetrics metrics = jobs.metrics();
        assertThat(metrics.timeouts()).isEqualTo(1);
        assertThat(metrics.failed()).isEqualTo(1);
        assertThat(metrics.running()).isZero();
        assertThat(jobs.isActive(sid("s1"))).isFalse();
    }

    @Test
    void peersMessagesNeverExtendTheStageDeadlineButANewStageGetsItsOwn() {
        JobManager<String> jobs = manager(settings());
        FakeJob slow = new FakeJob(2, "b", "c", "d");
        FakeJob moving = new FakeJob(2, "b", "c");
        jobs.submit(sid("slow"), slow);
        jobs.submit(sid("moving"), moving);
        clock.advance(Duration.ofSeconds(5));
        jobs.deliver(sid("slow"), "b", "1");
        jobs.deliver(sid("moving"), "b", "1");
        clock.advance(Duration.ofSeconds(3));
        jobs.deliver(sid("slow"), "c", "1");
        jobs.deliver(sid("moving"), "c", "1"); // stage 2 starts at t = 8 s
        clock.advance(Duration.ofSeconds(2));

        jobs.poll(); // t = 10 s

        assertThat(slow.outcome()).isEqualTo(JobOutcome.failed(JobOutcome.TIMEOUT, AbortClass.RETRY,
                Set.of("d"), "stage 1 deadline passed"));
        assertThat(moving.outcome()).isNull();
        clock.advance(Duration.ofSeconds(7));
        jobs.poll(); // t = 17 s
        assertThat(moving.outcome()).isNull();
        clock.advance(Duration.ofSeconds(1));
        jobs.poll(); // t = 18 s
        assertThat(moving.outcome()).isEqualTo(JobOutcome.failed(JobOutcome.TIMEOUT, AbortClass.RETRY,
                Set.of("b", "c"), "stage 2 deadline passed"));
    }

    @Test
    void aFinishedSessionIsRemovedAndLateMessagesAreDropped() {
        JobManager<String> jobs = manager(settings());
        FakeJob job = new FakeJob(1, "b");
        jobs.submit(sid("s1"), job);
        jobs.deliver(sid("s1"), "b", "1");

        assertThat(job.outcome()).isEqualTo(JobOutcome.completed("done"));
        assertThat(job.endedCalls()).isEqualTo(1);
        assertThat(jobs.isActive(sid("s1"))).isFalse();
        assertThat(jobs.deliver(sid("s1"), "b", "2")).isEqualTo(DeliveryResult.LATE);
        assertThat(jobs.metrics()).isEqualTo(new JobMetrics(0, 0, 0, 1, 0, 0, 0, 0, 1, 0));

        clock.advance(Duration.ofSeconds(10));
        jobs.poll();
        assertThat(jobs.deliver(sid("s1"), "b", "2")).as("forgotten after the time-to-live")
                .isEqualTo(DeliveryResult.BUFFERED);
        clock.advance(Duration.ofSeconds(10));
        jobs.poll(); // a timed-out finished session must not be ended twice
        assertThat(job.endedCalls()).isEqualTo(1);
    }

    @Test
    void anInvalidMessageEndsTheSessionNamingItsSender() {
        JobManager<String> jobs = manager(settings());
        FakeJob job = new FakeJob(1, "b", "c");
        jobs.submit(sid("s1"), job);

        jobs.deliver(sid("s1"), "c", "bad");

        assertThat(job.outcome()).isEqualTo(JobOutcome.failed("InvalidMessage", AbortClass.RETRY,
                Set.of("c"), "bad message"));
        assertThat(jobs.metrics().failed()).isEqualTo(1);
        assertThat(jobs.metrics().running()).isZero();
    }

    @Test
    void aPeerTheTransportCannotReachIsNamed() {
        JobManager<String> jobs = manager(settings());
        FakeJob job = new FakeJob(1, "b").sendingOnStart("unreachable:b");

        jobs.submit(sid("s1"), job);

        assertThat(job.outcome()).isInstanceOfSatisfying(JobOutcome.Failed.class, failed -> {
            assertThat(failed.reasonCode()).isEqualTo(JobOutcome.PEER_UNREACHABLE);
            assertThat(failed.culprits()).containsExactly("b");
        });
    }

    @Test
    void abortingSessionsOfABannedPeerEndsRunningAndQueuedOnesOnly() {
        JobManager<String> jobs = manager(settings().withMaxRunning(1));
        FakeJob runningWithB = new FakeJob(1, "b", "c");
        FakeJob queuedWithB = new FakeJob(1, "b");
        FakeJob queuedWithoutB = new FakeJob(1, "c");
        jobs.submit(sid("s1"), runningWithB);
        jobs.submit(sid("s2"), queuedWithB);
        jobs.submit(sid("s3"), queuedWithoutB);

        assertThat(jobs.abortSessionsInvolving("b", Set.of("b"), "pair banned")).isEqualTo(2);

        JobOutcome<String> expected = JobOutcome.failed(JobOutcome.ABORTED, AbortClass.RETRY, Set.of("b"),
                "pair banned");
        assertThat(runningWithB.outcome()).isEqualTo(expected);
        assertThat(queuedWithB.outcome()).isEqualTo(expected);
        assertThat(queuedWithB.started()).isFalse();
        assertThat(queuedWithoutB.started()).isTrue();
        assertThat(queuedWithoutB.outcome()).isNull();
    }

    @Test
    void abortEndsOneSessionAtOnceWithItsTypedReasonAndCulpritsAndStartsTheNextQueued() {
        JobManager<String> jobs = manager(settings().withMaxRunning(1));
        FakeJob running = new FakeJob(2, "b", "c");
        FakeJob queued = new FakeJob(1, "b");
        jobs.submit(sid("s1"), running);
        jobs.submit(sid("s2"), queued);

        assertThat(jobs.abort(sid("s1"), JobOutcome.PEER_UNREACHABLE, Set.of("c"), "c refused every connection"))
                .isTrue();

        assertThat(running.outcome()).isEqualTo(JobOutcome.failed(JobOutcome.PEER_UNREACHABLE, AbortClass.RETRY,
                Set.of("c"), "c refused every connection"));
        assertThat(jobs.isActive(sid("s1"))).isFalse();
        assertThat(queued.started()).as("the freed slot goes to the queue").isTrue();
        assertThat(jobs.metrics().timeouts()).as("no stage deadline was involved").isZero();
        assertThat(jobs.deliver(sid("s1"), "b", "1")).isEqualTo(DeliveryResult.LATE);
        assertThat(jobs.abort(sid("s1"), JobOutcome.INVALID_MESSAGE, Set.of("b"), "again")).as("already ended").isFalse();
        assertThat(jobs.abort(sid("never"), JobOutcome.INVALID_MESSAGE, Set.of("b"), "unknown")).isFalse();
    }

    @Test
    void abortOfAQueuedSessionEndsItWithoutStartingIt() {
        JobManager<String> jobs = manager(settings().withMaxRunning(1));
        jobs.submit(sid("s1"), new FakeJob(1, "b"));
        FakeJob queued = new FakeJob(1, "b");
        jobs.submit(sid("s2"), queued);

        assertThat(jobs.abort(sid("s2"), JobOutcome.INVALID_MESSAGE, Set.of("b"), "forged envelope")).isTrue();

        assertThat(queued.started()).isFalse();
        assertThat(queued.outcome()).isEqualTo(JobOutcome.failed(JobOutcome.INVALID_MESSAGE, AbortClass.RETRY,
                Set.of("b"), "forged envelope"));
        assertThat(jobs.metrics().queued()).isZero();
    }

    @Test
    void closingEndsEverySessionAndRefusesNewOnes() {
        JobManager<String> jobs = manager(settings().withMaxRunning(1));
        FakeJob running = new FakeJob(1, "b");
        FakeJob queued = new FakeJob(1, "b");
        jobs.submit(sid("s1"), running);
        jobs.submit(sid("s2"), queued);

        jobs.close();

        assertThat(running.outcome()).isInstanceOf(JobOutcome.Failed.class);
        assertThat(queued.outcome()).isInstanceOf(JobOutcome.Failed.class);
        assertThat(queued.started()).isFalse();
        assertThat(jobs.submit(sid("s3"), new FakeJob(1, "b")))
                .isEqualTo(new SubmitResult.Refused(SubmitResult.Reason.SHUT_DOWN));
    }
}
