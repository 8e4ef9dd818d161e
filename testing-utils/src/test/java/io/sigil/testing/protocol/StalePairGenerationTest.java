package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkls23.AbortClass;
import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.PairStatus;
import io.sigil.crypto.dkls23.sign.SignRound1;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code PairOutOfSync} storm under load (docs/security.md, "Pairwise setup never heals"):
 * a session whose member began round 1 under generation g while the other member, having waited
 * for the pair to be set up again, starts it under g+1. The late member gets a {@code MUL1} under
 * the superseded {@code dir_sid}. Before: it retired the generation g+1 that both nodes had just
 * set up, so the next session needed another setup, whose own stale sessions retired that one in
 * turn. Now the stale session fails once, without blame, and the next one signs on g+1.
 */
class StalePairGenerationTest {

    private static final SecureRandom RNG = new SecureRandom();
    private int requests;

    /** {@code staleMember} built its round 1 before the new setup; the other member after it. */
    @ParameterizedTest(name = "stale member {0}")
    @ValueSource(ints = {1, 2})
    void aStaleMessageFailsItsSessionOnceAndKeepsTheNewGeneration(int staleMember) throws Exception {
        InMemoryNetwork network = InMemoryNetwork.withAllPairs(2, RNG);
        DealtKey key = FeldmanDealer.generate(2, 2, RNG);
        int lateMember = 3 - staleMember;
        String lateNode = InMemoryNetwork.nodeId(lateMember);
        String staleNode = InMemoryNetwork.nodeId(staleMember);
        SigningSession session = network.signing(context(network, key), key);

        SignRound1 stale = SignRound1.start(session.inputFor(member(staleMember)), RNG); // under generation 1
        network.setupPair(1, 2, bytes -> bytes, bytes -> bytes); // generation 2 on both nodes
        SignRound1 late = SignRound1.start(session.inputFor(member(lateMember)), RNG); // under generation 2
        for (RoundEnvelope envelope : stale.outgoing()) {
            late.store(envelope);
        }
        Dkls23Abort abort = assertThrows(Dkls23Abort.class, late::finish);

        assertInstanceOf(AbortReason.PairOutOfSync.class, abort.reason(), abort.getMessage());
        assertEquals(Set.of(), abort.culprits());
        assertEquals(AbortClass.RETRY, abort.abortClass());
        PairState kept = network.node(lateMember).pairs().find(staleNode).orElseThrow();
        assertEquals(PairStatus.ACTIVE, kept.status(), "the generation both nodes hold stays in use");
        assertEquals(2, kept.generation());
        assertTrue(network.node(lateMember).pairs().persistedBans().isEmpty());
        assertEquals(List.of(), network.node(lateMember).abortedSessionsForPeer());

        // the retry signs on generation 2 with no new setup in between
        SessionOutcome retry = network.signing(context(network, key), key).run();
        assertTrue(retry.allSigned(2), () -> retry.aborts().toString());
        assertEquals(2, network.node(staleMember).pairs().find(lateNode).orElseThrow().generation());
    }

    /** A {@code dir_sid} this node never held (the peer set up a generation it lacks) still retires the pair. */
    @Test
    void anUnknownGenerationStillRetiresThePair() throws Exception {
        InMemoryNetwork network = InMemoryNetwork.withAllPairs(2, RNG);
        DealtKey key = FeldmanDealer.generate(2, 2, RNG);
        SigningSession session = network.signing(context(network, key), key);
        SignRound1 first = SignRound1.start(session.inputFor(member(1)), RNG);
        SignRound1 second = SignRound1.start(session.inputFor(member(2)), RNG);
        for (RoundEnvelope envelope : first.outgoing()) {
            second.store(envelope.kind() == RoundEnvelope.Kind.DIRECT ? MessageInterceptor.corrupt(e -> true,
                    MessageInterceptor.flipByte(3)).intercept(envelope).getFirst() : envelope);
        }
        Dkls23Abort abort = assertThrows(Dkls23Abort.class, second::finish);

        assertInstanceOf(AbortReason.PairOutOfSync.class, abort.reason(), abort.getMessage());
        assertEquals(PairStatus.RETIRED, network.node(2).pairs().find(InMemoryNetwork.nodeId(1)).orElseThrow().status());
    }

    private static PartyId member(int committee) {
        return new PartyId(committee, InMemoryNetwork.nodeId(committee));
    }

    private SignRequestContext context(InMemoryNetwork network, DealtKey key) {
        byte[] digest = new byte[32];
        RNG.nextBytes(digest);
        return network.context(key, List.of(1, 2), digest, "stale-" + (++requests));
    }
}
