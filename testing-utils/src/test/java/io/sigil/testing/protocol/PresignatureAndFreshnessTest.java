package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkls23.AbortClass;
import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.sign.Presignature;
import io.sigil.crypto.dkls23.sign.SignRound1;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spec §10 item 11 and §7: freshness of sign_sid, single use of presignatures. */
class PresignatureAndFreshnessTest {

    private static final SecureRandom RNG = new SecureRandom();
    private static int requests;

    @Test
    void reusedSignSidIsRefusedBeforeAnythingIsSent() throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        DealtKey key = FeldmanDealer.generate(2, 3, RNG);
        SignRequestContext context = network.context(key, List.of(1, 2), SharedNetworks.randomDigest(), "fresh-" + (++requests));
        SessionOutcome first = network.signing(context, key).run();
        assertTrue(first.allSigned(2));
        assertTrue(network.node(1).usedSessions().contains(context.signSid()));
        SessionOutcome second = network.signing(context, key).run();
        assertTrue(second.transcript().isEmpty(), "nothing may be sent for a reused sign_sid");
        for (String node : List.of(InMemoryNetwork.nodeId(1), InMemoryNetwork.nodeId(2))) {
            Dkls23Abort abort = second.aborts().get(node);
            assertInstanceOf(AbortReason.Replay.class, abort.reason());
            assertEquals(AbortClass.LOCAL, abort.abortClass());
            assertTrue(abort.culprits().isEmpty());
        }
    }

    @Test
    void expiredRequestIsRefused() throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        DealtKey key = FeldmanDealer.generate(2, 3, RNG);
        SignRequestContext context = network.context(key, List.of(1, 2), SharedNetworks.randomDigest(), "expired-" + (++requests));
        var session = network.signing(context, key);
        Clock late = Clock.offset(network.clock(), Duration.ofSeconds(601));
        var input = session.inputFor(new PartyId(1, InMemoryNetwork.nodeId(1)));
        var lateInput = new io.sigil.crypto.dkls23.sign.SignerInput(input.context(), input.self(), input.keyShare(),
                input.storedPublicKey(), input.pairs(), input.usedSessions(), late);
        Dkls23Abort abort = assertThrows(Dkls23Abort.class, () -> SignRound1.start(lateInput, RNG));
        assertInstanceOf(AbortReason.Expired.class, abort.reason());
        assertFalse(network.node(1).usedSessions().contains(context.signSid()));
    }

    @Test
    void presignatureSignsOnceAndOnlyOnce() throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        DealtKey key = FeldmanDealer.generate(3, 5, RNG);
        List<Integer> committees = List.of(1, 3, 5);
        SignRequestContext context = network.context(key, committees, new byte[0], "presign-" + (++requests));
        var session = network.signing(context, key);
        SessionOutcome presigned = session.run();
        assertEquals(3, presigned.presignatures().size(), () -> presigned.aborts().toString());
        Map<String, Presignature> presignatures = presigned.presignatures();
        Presignature any = presignatures.values().iterator().next();
        assertTrue(presignatures.values().stream().allMatch(p -> p.instancePoint().equals(any.instancePoint())));

        byte[] digest = SharedNetworks.randomDigest();
        SessionOutcome signed = session.completePresignatures(presignatures, digest);
        EcdsaSignature signature = signed.commonSignature();
        Verifiers.assertValid(signature, key.publicKey(), digest);
        assertEquals(any.rx(), signature.r().toBigInteger());
        for (String node : presignatures.keySet()) {
            int index = Integer.parseInt(node.substring(5));
            assertTrue(network.node(index).consumedPresignatures().isConsumed(any.signSid()));
        }

        // Second use, even for the same digest: refused locally before w_i is computed.
        SessionOutcome again = session.completePresignatures(presignatures, digest);
        assertTrue(again.transcript().isEmpty());
        assertEquals(3, again.aborts().size());
        again.aborts().values().forEach(a -> assertInstanceOf(AbortReason.Replay.class, a.reason()));
    }

    @Test
    void presignatureRefusesAnotherPartySetAnotherKeyAndExpiry() throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        DealtKey key = FeldmanDealer.generate(2, 3, RNG);
        SignRequestContext context = network.context(key, List.of(1, 2), new byte[0], "presign-" + (++requests));
        SessionOutcome presigned = network.signing(context, key).run();
        Presignature presignature = presigned.presignatures().get(InMemoryNetwork.nodeId(1));
        var log = network.node(1).consumedPresignatures();
        String user = context.userId();
        Point publicKey = context.publicKey();

        Dkls23Abort otherParty = assertThrows(Dkls23Abort.class, () -> presignature.complete(SharedNetworks.randomDigest(), user, "key-1", publicKey,
                network.party(List.of(1, 3)), log, network.clock()));
        assertInstanceOf(AbortReason.PreCheckFailed.class, otherParty.reason());
        Dkls23Abort otherKey = assertThrows(Dkls23Abort.class, () -> presignature.complete(SharedNetworks.randomDigest(), user, "key-2", publicKey,
                network.party(List.of(1, 2)), log, network.clock()));
        assertInstanceOf(AbortReason.PreCheckFailed.class, otherKey.reason());
        // key ids are the users' choice: the same id of another user, or with another public key, is another key
        Dkls23Abort otherUser = assertThrows(Dkls23Abort.class, () -> presignature.complete(SharedNetworks.randomDigest(),
                "another-user", "key-1", publicKey, network.party(List.of(1, 2)), log, network.clock()));
        assertInstanceOf(AbortReason.PreCheckFailed.class, otherUser.reason());
        Point otherPublicKey = FeldmanDealer.generate(2, 3, RNG).publicKey();
        Dkls23Abort otherPoint = assertThrows(Dkls23Abort.class, () -> presignature.complete(SharedNetworks.randomDigest(),
                user, "key-1", otherPublicKey, network.party(List.of(1, 2)), log, network.clock()));
        assertInstanceOf(AbortReason.PreCheckFailed.class, otherPoint.reason());
        assertTrue(presignature.isAvailable(), "refusals before use leave it available");

        Clock late = Clock.offset(network.clock(), Duration.ofSeconds(601));
        Dkls23Abort expired = assertThrows(Dkls23Abort.class, () -> presignature.complete(SharedNetworks.randomDigest(), user, "key-1", publicKey,
                network.party(List.of(1, 2)), log, late));
        assertInstanceOf(AbortReason.Expired.class, expired.reason());
        assertFalse(presignature.isAvailable(), "an expired presignature is destroyed");
        Dkls23Abort afterExpiry = assertThrows(Dkls23Abort.class, () -> presignature.complete(SharedNetworks.randomDigest(), user, "key-1", publicKey,
                network.party(List.of(1, 2)), log, network.clock()));
        assertInstanceOf(AbortReason.Replay.class, afterExpiry.reason());
    }

    @Test
    void presignatureSessionCannotFinishAsSigningAndViceVersa() throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        DealtKey key = FeldmanDealer.generate(2, 3, RNG);
        SignRequestContext context = network.context(key, List.of(2, 3), SharedNetworks.randomDigest(), "kind-" + (++requests));
        var session = network.signing(context, key);
        SignRound1 round1 = SignRound1.start(session.inputFor(new PartyId(2, InMemoryNetwork.nodeId(2))), RNG);
        assertThrows(IllegalStateException.class, round1::finish, "incomplete round cannot finish");
    }
}
