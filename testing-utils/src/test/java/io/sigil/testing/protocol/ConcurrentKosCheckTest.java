package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.sigil.crypto.dkls23.AbortClass;
import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Spec §10 item 12 and §4.6.3: two sessions on one direction (node 2 = Bob → node 1 = Alice),
 * both with a failing KOS check, started together: exactly one check is evaluated and banned,
 * the other session aborts without evaluating its check.
 */
class ConcurrentKosCheckTest {

    @Test
    void oneEvaluatedFailureAndOneAbortWithoutEvaluation() throws Exception {
        SecureRandom rng = new SecureRandom();
        InMemoryNetwork network = InMemoryNetwork.withAllPairs(2, rng);
        DealtKey key = FeldmanDealer.generate(2, 2, rng);
        String alice = InMemoryNetwork.nodeId(1);
        String bob = InMemoryNetwork.nodeId(2);
        CyclicBarrier bothStarted = new CyclicBarrier(2);
        MessageInterceptor corruptMul1 = MessageInterceptor.corrupt(
                e -> e.from().equals(bob) && e.round() == 1 && e.kind() == RoundEnvelope.Kind.DIRECT,
                MessageInterceptor.flipByte(40));
        List<Future<SessionOutcome>> sessions = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(2)) {
            for (int s = 0; s < 2; s++) {
                byte[] digest = new byte[32];
                rng.nextBytes(digest);
                var session = network.signing(network.context(key, List.of(1, 2), digest, "concurrent-" + s), key)
                        .interceptor(corruptMul1)
                        .beforeRound(round -> {
                            if (round == 1) {
                                await(bothStarted); // both sessions passed the pre-checks
                            }
                        });
                sessions.add(executor.submit(session::run));
            }
            List<AbortReason> aliceReasons = new ArrayList<>();
            for (Future<SessionOutcome> future : sessions) {
                Dkls23Abort abort = future.get(60, TimeUnit.SECONDS).aborts().get(alice);
                assertEquals(Set.of(bob), abort.culprits());
                aliceReasons.add(abort.reason());
            }
            long evaluated = aliceReasons.stream().filter(r -> r instanceof AbortReason.OtConsistencyCheckFailed).count();
            long skipped = aliceReasons.stream().filter(r -> r instanceof AbortReason.PairBanned).count();
            assertEquals(1, evaluated, aliceReasons.toString());
            assertEquals(1, skipped, aliceReasons.toString());
            assertEquals(1, network.node(1).pairs().persistedBans().size(), "exactly one ban written");
            assertInstanceOf(AbortReason.OtConsistencyCheckFailed.class,
                    network.node(1).pairs().persistedBans().getFirst().reason());
            assertEquals(AbortClass.BAN, new AbortReason.OtConsistencyCheckFailed().abortClass());
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
