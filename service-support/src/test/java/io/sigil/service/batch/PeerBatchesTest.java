package io.sigil.service.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-peer coalescing: a lone call leaves at once, calls queued behind one in flight leave as
 * one batch, each caller gets its own item's answer, and a failed batch fails exactly its items.
 * The first call of each test is held in the "network" by a latch; nothing sleeps.
 */
class PeerBatchesTest {
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<List<String>> sent = new CopyOnWriteArrayList<>();
    private final CountDownLatch inFlight = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    @Test
    void aLoneCallLeavesAtOnceAsABatchOfOne() throws Exception {
        PeerBatches<String, String> batches = new PeerBatches<>(8, 1024, String::length, this::echo);

        assertThat(batches.call("node-1a", "x")).isEqualTo("answer to x");
        assertThat(batches.call("node-1a", "y")).isEqualTo("answer to y");

        assertThat(sent).containsExactly(List.of("x"), List.of("y"));
    }

    @Test
    void callsQueuedBehindOneInFlightLeaveTogetherAndEachGetsItsOwnAnswer() throws Exception {
        PeerBatches<String, String> batches = new PeerBatches<>(8, 1024, String::length, holdingFirst(this::echo));
        Future<String> first = holdFirst(batches);
        List<Future<String>> queued = queue(batches, "a", "b", "c");
        // another peer is not held up by node-1a's call in flight
        assertThat(batches.call("node-2a", "elsewhere")).isEqualTo("answer to elsewhere");

        release.countDown();

        assertThat(first.get()).isEqualTo("answer to first");
        assertThat(queued.get(0).get()).isEqualTo("answer to a");
        assertThat(queued.get(1).get()).isEqualTo("answer to b");
        assertThat(queued.get(2).get()).isEqualTo("answer to c");
        assertThat(sent).containsExactly(List.of("first"), List.of("elsewhere"), List.of("a", "b", "c"));
        assertThat(batches.batches()).isEqualTo(3);
        assertThat(batches.items()).isEqualTo(5);
    }

    @Test
    void aBatchIsBoundByItemsAndBytesAndAnOversizedItemStillGoesAlone() throws Exception {
        PeerBatches<String, String> batches = new PeerBatches<>(3, 10, String::length, holdingFirst(this::echo));
        Future<String> first = holdFirst(batches);
        // four of 1 byte (at most 3 per batch), then 9 bytes (over 10 with any other), then 12 (over the bound alone)
        List<Future<String>> queued = queue(batches, "a", "b", "c", "d", "ninebytes", "twelve bytes");

        release.countDown();

        for (Future<String> answer : queued) {
            answer.get();
        }
        first.get();
        assertThat(sent).containsExactly(List.of("first"), List.of("a", "b", "c"), List.of("d", "ninebytes"),
                List.of("twelve bytes"));
    }

    @Test
    void aFailedBatchFailsEachOfItsItemsAndNothingElse() throws Exception {
        IOException down = new IOException("connection refused");
        PeerBatches<String, String> batches = new PeerBatches<>(8, 1024, String::length, holdingFirst((peer, items) -> {
            if (items.contains("doomed")) {
                sent.add(items);
                throw down;
            }
            return echo(peer, items);
        }));
        Future<String> first = holdFirst(batches);
        List<Future<String>> queued = queue(batches, "doomed", "neighbour");

        release.countDown();

        assertThat(first.get()).isEqualTo("answer to first");
        for (Future<String> failed : queued) {
            ExecutionException thrown = assertThrows(ExecutionException.class, failed::get);
            assertSame(down, thrown.getCause(), "each item of the failed batch fails as the single call would");
        }
        // the peer's queue is not left stuck: the next call goes at once
        assertThat(batches.call("node-1a", "later")).isEqualTo("answer to later");
        assertThat(sent).containsExactly(List.of("first"), List.of("doomed", "neighbour"), List.of("later"));
    }

    @Test
    void anAnswerListOfAnotherLengthFailsEveryItemRatherThanMisassigningOne() throws Exception {
        PeerBatches<String, String> batches = new PeerBatches<>(8, 1024, String::length, holdingFirst((peer, items) ->
                echo(peer, items).subList(1, items.size())));
        Future<String> first = holdFirst(batches);
        List<Future<String>> queued = queue(batches, "a", "b");

        release.countDown();

        first.get();
        for (Future<String> failed : queued) {
            ExecutionException thrown = assertThrows(ExecutionException.class, failed::get);
            assertThat(thrown.getCause()).isInstanceOf(InvalidBatchAnswerException.class)
                    .hasMessageContaining("answered 1 items to a batch of 2");
        }
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueWithoutStallingTheOthers() throws Exception {
        PeerBatches<String, String> batches = new PeerBatches<>(8, 1024, String::length, holdingFirst(this::echo));
        Future<String> first = holdFirst(batches);
        Future<String> leaving = callers.submit(() -> batches.call("node-1a", "leaving"));
        awaitCondition(() -> batches.waiting("node-1a") == 1);
        Future<String> staying = callers.submit(() -> batches.call("node-1a", "staying"));
        awaitCondition(() -> batches.waiting("node-1a") == 2);

        leaving.cancel(true);
        awaitCondition(() -> batches.waiting("node-1a") == 1);
        release.countDown();

        assertThat(first.get()).isEqualTo("answer to first");
        assertThat(staying.get()).isEqualTo("answer to staying");
        assertThat(sent).containsExactly(List.of("first"), List.of("staying"));
    }

    /** A sender that holds the batch of the call "first" in flight until {@link #release}, and answers the rest by {@code then}. */
    private PeerBatches.Sender<String, String> holdingFirst(PeerBatches.Sender<String, String> then) {
        return (peer, items) -> {
            if (!items.equals(List.of("first"))) {
                return then.send(peer, items);
            }
            List<String> answers = echo(peer, items);
            inFlight.countDown();
            release.await();
            return answers;
        };
    }

    /** Calls "first" on node-1a and returns once its batch is in flight. */
    private Future<String> holdFirst(PeerBatches<String, String> batches) throws InterruptedException {
        Future<String> first = callers.submit(() -> batches.call("node-1a", "first"));
        inFlight.await();
        return first;
    }

    /** Calls each item on node-1a, one after another, each once the one before is queued. */
    private List<Future<String>> queue(PeerBatches<String, String> batches, String... items) {
        List<Future<String>> queued = new ArrayList<>();
        for (String item : items) {
            queued.add(callers.submit(() -> batches.call("node-1a", item)));
            awaitCondition(() -> batches.waiting("node-1a") == queued.size());
        }
        return queued;
    }

    private List<String> echo(String peer, List<String> items) {
        sent.add(List.copyOf(items));
        return items.stream().map(item -> "answer to " + item).toList();
    }

    /** Waits for a state another thread reaches (a caller queued), failing after a generous bound. */
    private static void awaitCondition(BooleanSupplier reached) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!reached.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
