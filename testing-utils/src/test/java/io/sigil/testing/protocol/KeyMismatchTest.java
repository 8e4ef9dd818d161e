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
import org.junit.jupiter.api.Test;

/** Fewer than t shards, or shards of another key, fail cleanly (never a wrong signature). */
class KeyMismatchTest {

    private static final SecureRandom RNG = new SecureRandom();

    @Test
    void fewerThanThresholdMembersAreRefusedByPreCheck() throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        DealtKey key = FeldmanDealer.generate(3, 5, RNG);
        SessionOutcome outcome = network.signing(network.context(key, List.of(1, 2), SharedNetworks.randomDigest(), "few-" + RNG.nextInt()), key).run();
        assertTrue(outcome.signatures().isEmpty());
        assertTrue(outcome.transcript().isEmpty(), "nothing sent");
        for (Dkls23Abort abort : outcome.aborts().values()) {
            assertInstanceOf(AbortReason.PreCheckFailed.class, abort.reason());
            assertEquals(AbortClass.LOCAL, abort.abortClass());
        }
    }

    @Test
    void shardOfAnotherKeyGivesPublicKeyMismatch() throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        DealtKey key = FeldmanDealer.generate(2, 3, RNG);
        DealtKey other = FeldmanDealer.generate(2, 3, RNG);
        SessionOutcome outcome = network.signing(network.context(key, List.of(1, 3), SharedNetworks.randomDigest(), "other-" + RNG.nextInt()), key)
                .shareOverride(3, other.shard(3).share()).run();
        assertTrue(outcome.signatures().isEmpty());
        Dkls23Abort honest = outcome.aborts().get(InMemoryNetwork.nodeId(1));
        assertInstanceOf(AbortReason.PublicKeyMismatch.class, honest.reason(), honest.getMessage());
        assertTrue(honest.culprits().isEmpty());
        assertEquals(AbortClass.RETRY, honest.abortClass());
    }

    @Test
    void publicKeyOtherThanTheStoredRecordIsRefused() throws Exception {
        InMemoryNetwork network = SharedNetworks.nineNodes();
        DealtKey key = FeldmanDealer.generate(2, 3, RNG);
        DealtKey other = FeldmanDealer.generate(2, 3, RNG);
        SessionOutcome outcome = network.signing(network.context(key, List.of(1, 2), SharedNetworks.randomDigest(), "stored-" + RNG.nextInt()), key)
                .storedPublicKey(other.publicKey()).run();
        assertTrue(outcome.transcript().isEmpty());
        outcome.aborts().values().forEach(a -> assertInstanceOf(AbortReason.PreCheckFailed.class, a.reason()));
    }
}
