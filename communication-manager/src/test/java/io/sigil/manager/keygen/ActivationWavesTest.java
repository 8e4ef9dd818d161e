package io.sigil.manager.keygen;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.ec.Point;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code activate} in two waves (docs/keygen.md §6.1): one node per committee first, the rest once
 * the first wave ended, a committee whose first node refused goes on at once with its other
 * replicas, a first-wave node that hangs holds the rest only until the second-wave timer fires, and
 * every kept node, sent or not, stays in {@link ActivationsInFlight} until its own call ended. Each
 * call here is a future the test completes by hand, and the timer fires by hand, so every
 * interleaving is fixed.
 */
class ActivationWavesTest {
    private static final String USER = "user";
    private static final String KEY = "key";
    private static final long WAIT_SECONDS = 30; // bounds a broken run only; no assertion on time

    private final ActivationsInFlight activations = new ActivationsInFlight();
    private final BlockingQueue<String> called = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Boolean>> answers = new ConcurrentHashMap<>();
    /** The second-wave timer: the test fires it by hand, or never. */
    private final BlockingQueue<Runnable> timer = new LinkedBlockingQueue<>();
    private final ActivationWaves waves = new ActivationWaves(activations, USER, KEY, ack -> {
        called.add(ack.nodeId());
        return answer(ack.nodeId()).join();
    }, timer::add);

    private CompletableFuture<Boolean> answer(String node) {
        return answers.computeIfAbsent(node, unused -> new CompletableFuture<>());
    }

    private static Acknowledgement ack(String node, int committee) {
        return new Acknowledgement(node, committee, new byte[32], Point.generator(), new byte[64]);
    }

    private static final List<Acknowledgement> KEPT = List.of(ack("node-1b", 1), ack("node-1a", 1),
            ack("node-2a", 2), ack("node-2b", 2), ack("node-3a", 3), ack("node-3b", 3));

    private String nextCall() throws InterruptedException {
        String node = called.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(node).as("a call was expected").isNotNull();
        return node;
    }

    private Set<String> nextCalls(int count) throws InterruptedException {
        Set<String> nodes = new java.util.TreeSet<>();
        for (int i = 0; i < count; i++) {
            nodes.add(nextCall());
        }
        return nodes;
    }

    private CompletableFuture<Set<Integer>> runInBackground() {
        CompletableFuture<Set<Integer>> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(waves.run(KEPT));
            } catch (Throwable failed) {
                result.completeExceptionally(failed);
            }
        });
        return result;
    }

    @Test
    void theFirstWaveIsOneNodePerCommitteeAndTheRestFollowOnceItEnded() throws Exception {
        CompletableFuture<Set<Integer>> result = runInBackground();

        assertThat(nextCalls(3)).containsExactly("node-1a", "node-2a", "node-3a");
        assertThat(activations.activating(USER, KEY)).as("the second wave, not yet sent, is left out too")
                .containsExactlyInAnyOrder("node-1a", "node-1b", "node-2a", "node-2b", "node-3a", "node-3b");
        answer("node-1a").complete(true);
        answer("node-2a").complete(true);
        assertThat(called).as("no second-wave call while a first-wave call runs").isEmpty();
        answer("node-3a").complete(true);

        assertThat(result.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("every committee confirmed").isEmpty();
        assertThat(nextCalls(3)).containsExactly("node-1b", "node-2b", "node-3b");
        assertThat(activations.activating(USER, KEY)).containsExactlyInAnyOrder("node-1b", "node-2b", "node-3b");
        answer("node-1b").complete(true);
        answer("node-2b").complete(false);
        answer("node-3b").complete(true);
        assertThat(activations.awaitNone(java.time.Duration.ofSeconds(WAIT_SECONDS))).isTrue();
    }

    @Test
    void aCommitteeWhoseFirstNodeRefusesActivatesThroughItsOtherReplicaAtOnce() throws Exception {
        CompletableFuture<Set<Integer>> result = runInBackground();

        assertThat(nextCalls(3)).containsExactly("node-1a", "node-2a", "node-3a");
        answer("node-2a").complete(false); // refused, or failed: its replica goes at once
        assertThat(nextCall()).isEqualTo("node-2b");
        assertThat(called).as("the other committees' second wave waits for their first-wave calls").isEmpty();
        assertThat(activations.activating(USER, KEY))
                .containsExactlyInAnyOrder("node-1a", "node-1b", "node-2b", "node-3a", "node-3b");
        answer("node-2b").complete(true);
        answer("node-1a").complete(true);
        assertThat(result).as("committee 3 has not confirmed yet").isNotDone();
        answer("node-3a").complete(true);

        assertThat(result.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("committee 2 confirmed through node-2b").isEmpty();
        assertThat(nextCalls(2)).containsExactly("node-1b", "node-3b");
        answer("node-1b").complete(true);
        answer("node-3b").complete(true);
        assertThat(activations.awaitNone(java.time.Duration.ofSeconds(WAIT_SECONDS))).isTrue();
        assertThat(called).as("node-2b was called once").isEmpty();
    }

    @Test
    void aCommitteeOfWhichNoNodeConfirmsIsReportedOnceEveryCallEnded() throws Exception {
        CompletableFuture<Set<Integer>> result = runInBackground();

        assertThat(nextCalls(3)).containsExactly("node-1a", "node-2a", "node-3a");
        answer("node-1a").complete(true);
        answer("node-3a").complete(true);
        answer("node-2a").complete(false);
        assertThat(nextCalls(3)).containsExactly("node-1b", "node-2b", "node-3b");
        answer("node-1b").complete(true);
        answer("node-3b").complete(true);
        assertThat(result).as("node-2b's call still runs").isNotDone();
        answer("node-2b").complete(false);

        assertThat(result.get(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly(2);
        assertThat(activations.activating(USER, KEY)).isEmpty();
    }

    @Test
    void aFirstWaveNodeThatHangsHoldsTheRestOnlyUntilTheTimerFires() throws Exception {
        CompletableFuture<Set<Integer>> result = runInBackground();

        assertThat(nextCalls(3)).containsExactly("node-1a", "node-2a", "node-3a");
        answer("node-1a").complete(true);
        answer("node-3a").complete(true);
        assertThat(called).as("node-2a neither answered nor failed: the second wave waits").isEmpty();
        assertThat(result).isNotDone();

        Runnable fire = timer.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(fire).as("the second wave's timer was set").isNotNull();
        fire.run();
        assertThat(nextCalls(3)).containsExactly("node-1b", "node-2b", "node-3b");
        answer("node-2b").complete(true);
        assertThat(result.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("committee 2 confirmed through node-2b while node-2a hangs")
                .isEmpty();
        assertThat(activations.activating(USER, KEY)).contains("node-2a");

        answer("node-1b").complete(true);
        answer("node-3b").complete(true);
        answer("node-2a").complete(false); // its call ends at last (the node client's timeout)
        assertThat(activations.awaitNone(java.time.Duration.ofSeconds(WAIT_SECONDS))).isTrue();
        assertThat(called).as("no node was called twice, although the first wave's end came after the timer")
                .isEmpty();
    }
}
