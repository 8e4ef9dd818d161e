package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkls23.AbortClass;
import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §10 item 13: a silent member yields Timeout naming exactly the silent members; no ban. */
class TimeoutTest {

    private static final SecureRandom RNG = new SecureRandom();

    @ParameterizedTest(name = "silent in round {0}")
    @ValueSource(ints = {1, 2, 3})
    void silentMembersAreNamedExactlyAndNeverBanned(int round) throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        DealtKey key = FeldmanDealer.generate(4, 6, RNG);
        List<Integer> committees = List.of(1, 2, 4, 6);
        Set<String> silent = Set.of(InMemoryNetwork.nodeId(2), InMemoryNetwork.nodeId(6));
        byte[] digest = new byte[32];
        RNG.nextBytes(digest);
        int bansBefore = network.nodes().stream().mapToInt(n -> n.pairs().persistedBans().size()).sum();
        SessionOutcome outcome = network.signing(network.context(key, committees, digest, "timeout-" + round
                + "-" + RNG.nextInt()), key)
                .interceptor(MessageInterceptor.drop(e -> silent.contains(e.from()) && e.round() == round))
                .run();
        for (String honest : List.of(InMemoryNetwork.nodeId(1), InMemoryNetwork.nodeId(4))) {
            Dkls23Abort abort = outcome.aborts().get(honest);
            assertInstanceOf(AbortReason.Timeout.class, abort.reason(), abort.getMessage());
            assertEquals(silent, ((AbortReason.Timeout) abort.reason()).waitingFor());
            assertEquals(silent, abort.culprits());
            assertEquals(AbortClass.RETRY, abort.abortClass());
        }
        assertTrue(outcome.signatures().isEmpty() || !outcome.signatures().containsKey(InMemoryNetwork.nodeId(1)));
        assertEquals(bansBefore, network.nodes().stream().mapToInt(n -> n.pairs().persistedBans().size()).sum());
    }
}
