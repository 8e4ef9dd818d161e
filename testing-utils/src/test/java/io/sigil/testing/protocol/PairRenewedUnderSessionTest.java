package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sigil.crypto.dkls23.AbortClass;
import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.UsedSessionLog;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.PairStatus;
import io.sigil.crypto.dkls23.sign.SignRound1;
import io.sigil.crypto.dkls23.sign.SignerInput;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A pair renewed under a session that has just passed round 1's pre-check (docs/security.md,
 * "Pairwise setup never heals"). The responder {@code node-02} lost the pair and asks its
 * initiator {@code node-01} to set it up again ({@code /renew}), which retires the initiator's
 * pair while a session of the initiator's own is between its pre-check and its round 1. Before,
 * the retire wiped the seeds under that session: it failed with an untyped
 * {@code IllegalStateException} before sending anything, so the responder's session waited for
 * its round 1 until the initiator, an honest node, was blamed. Now the session builds and sends
 * its round 1 with the seeds it leased at the pre-check (wiped once it lets go), the responder's
 * session ends on that round's superseded {@code dir_sid} as {@code PairOutOfSync} with no
 * culprit, nobody is banned and the retry signs on the new generation.
 */
class PairRenewedUnderSessionTest {

    private static final SecureRandom RNG = new SecureRandom();
    private static final PartyId INITIATOR = new PartyId(1, InMemoryNetwork.nodeId(1));
    private static final PartyId RESPONDER = new PartyId(2, InMemoryNetwork.nodeId(2));
    private int requests;

    @Test
    void aRenewalRightAfterThePreCheckLetsRoundOneGoOutAndEndsTheSessionWithoutBlame() throws Exception {
        InMemoryNetwork network = InMemoryNetwork.withAllPairs(2, RNG);
        DealtKey key = FeldmanDealer.generate(2, 2, RNG);
        TestNode initiator = network.node(1);
        TestNode responder = network.node(2);
        responder.pairs().retire(INITIATOR.nodeId(), "test: the responder lost the pair");
        PairState renewed = initiator.pairs().find(RESPONDER.nodeId()).orElseThrow();
        byte[] oldDirSid = renewed.dirSidAsBob();
        SigningSession session = network.signing(context(network, key), key);

        // The initiator's session stops right after its pre-check (the used-session log is written
        // between the pre-check and the seeds' first use) until the renewal has retired the pair.
        CountDownLatch pastPreCheck = new CountDownLatch(1);
        CountDownLatch retired = new CountDownLatch(1);
        SignerInput plain = session.inputFor(INITIATOR);
        SignerInput held = new SignerInput(plain.context(), plain.self(), plain.keyShare(), plain.storedPublicKey(),
                plain.pairs(), new PausingLog(plain.usedSessions(), pastPreCheck, retired), plain.clock());
        CompletableFuture<SignRound1> initiatorRound = new CompletableFuture<>();
        Thread sessionThread = Thread.ofVirtual().start(() -> {
            try {
                initiatorRound.complete(SignRound1.start(held, RNG));
            } catch (Throwable failed) {
                initiatorRound.completeExceptionally(failed);
            }
        });
        assertTrue(pastPreCheck.await(30, TimeUnit.SECONDS), "the session reached its pre-check");
        assertEquals(PairStatus.ACTIVE, renewed.status(), "the session passed its pre-check on an active pair");
        // PairingResponder.renew: the responder holds no usable state, so the pair is retired here
        initiator.pairs().retire(RESPONDER.nodeId(), "node-02 holds no usable state and asked for a new setup");
        assertEquals(PairStatus.RETIRED, renewed.status());
        retired.countDown();
        sessionThread.join();

        SignRound1 round;
        try {
            round = initiatorRound.get();
        } catch (ExecutionException failed) {
            throw new AssertionError("the session failed untyped, before sending its round 1 (its peer then"
                    + " waits and blames this honest node): " + failed.getCause(), failed.getCause());
        }
        List<RoundEnvelope> sent = round.outgoing();
        RoundEnvelope direct = sent.stream().filter(e -> e.kind() == RoundEnvelope.Kind.DIRECT).findFirst().orElseThrow();
        assertArrayEquals(oldDirSid, SignRound1.Direct.decode(direct.payload()).dirSid(),
                "round 1 went out under the generation it was built on");

        // the renewal completes: generation 2 on both nodes
        network.setupPair(1, 2, bytes -> bytes, bytes -> bytes);
        SignRound1 responderRound = SignRound1.start(session.inputFor(RESPONDER), RNG);
        for (RoundEnvelope envelope : sent) {
            responderRound.store(envelope);
        }
        Dkls23Abort abort = assertThrows(Dkls23Abort.class, responderRound::finish);
        assertInstanceOf(AbortReason.PairOutOfSync.class, abort.reason(), abort.getMessage());
        assertEquals(Set.of(), abort.culprits(), "nobody is to blame for a renewed pair");
        assertEquals(AbortClass.RETRY, abort.abortClass());
        PairState kept = responder.pairs().find(INITIATOR.nodeId()).orElseThrow();
        assertEquals(PairStatus.ACTIVE, kept.status(), "the new generation stays in use");
        assertEquals(2, kept.generation());
        assertTrue(initiator.pairs().persistedBans().isEmpty());
        assertTrue(responder.pairs().persistedBans().isEmpty());

        SessionOutcome retry = network.signing(context(network, key), key).run();
        assertTrue(retry.allSigned(2), () -> retry.aborts().toString());
    }

    /** The renewal before the pre-check: the session ends as PairOutOfSync, not as a failed pre-check. */
    @Test
    void aSessionThatMeetsARetiredPairAtItsPreCheckIsOutOfSync() throws Exception {
        InMemoryNetwork network = InMemoryNetwork.withAllPairs(2, RNG);
        DealtKey key = FeldmanDealer.generate(2, 2, RNG);
        network.node(1).pairs().retire(RESPONDER.nodeId(), "node-02 asked for a new setup");
        SigningSession session = network.signing(context(network, key), key);

        Dkls23Abort abort = assertThrows(Dkls23Abort.class, () -> SignRound1.start(session.inputFor(INITIATOR), RNG));
        assertInstanceOf(AbortReason.PairOutOfSync.class, abort.reason(), abort.getMessage());
        assertEquals(Set.of(), abort.culprits());
        assertFalse(network.node(1).usedSessions().contains(session.inputFor(INITIATOR).context().signSid()),
                "refused before the sign_sid is used");
    }

    /** Records as its delegate does, then holds the session where a renewal races it. */
    private record PausingLog(UsedSessionLog delegate, CountDownLatch reached, CountDownLatch release)
            implements UsedSessionLog {
        @Override
        public boolean markUsed(byte[] signSid, long expiryUnixSeconds) {
            boolean fresh = delegate.markUsed(signSid, expiryUnixSeconds);
            reached.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    fail("the renewal never came");
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
            return fresh;
        }

        @Override
        public boolean contains(byte[] signSid) {
            return delegate.contains(signSid);
        }
    }

    private SignRequestContext context(InMemoryNetwork network, DealtKey key) {
        byte[] digest = new byte[32];
        RNG.nextBytes(digest);
        return network.context(key, List.of(1, 2), digest, "renewed-" + (++requests));
    }
}
