package io.sigil.crypto.dkg;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.identity.NodeIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A node's activation check with its own ack (keygen §2.6, §6.1): the copy of its own ack is taken
 * as verified only when it is that ack byte for byte; any other bytes under its name are verified
 * like every other ack, and refused.
 */
class OwnAckActivationTest {

    @Test
    void onlyAnExactCopyOfTheOwnAckSkipsItsSignatureCheck() throws Exception {
        TwoContributorDealing dealing = TwoContributorDealing.run();
        DkgParameters parameters = dealing.parameters();
        SortedMap<String, NodeIdentity> identities = dealing.identities();
        DkgDirectory directory = dealing.directory();
        CommitSet set = dealing.set();
        DkgRound2.Message one = dealing.one();
        DkgRound2.Message two = dealing.two();
        Map<String, PendingKey> pending = new TreeMap<>();
        List<Acknowledgement> acks = new ArrayList<>();
        for (String node : identities.keySet()) {
            PendingKey key = DkgRound3.receive(parameters, directory, node, new DkgRound3.Delivery(set,
                    Map.of(1, one.reveal(), 2, two.reveal()), Map.of(1, one.shareFor(node).ciphertext(), 2,
                    two.shareFor(node).ciphertext())), identities.get(node)::decrypt);
            pending.put(node, key);
            acks.add(key.acknowledge(identities.get(node)::sign));
        }
        PendingKey own = pending.get("node-1");
        Acknowledgement ownAck = acks.get(0);
        Activation.Activate genuine = new Activation.Activate(parameters.userId(), parameters.keyId(),
                own.transcriptHash(), own.publicKey(), acks);
        assertDoesNotThrow(() -> Activation.verify(parameters, directory, genuine, own, ownAck));

        // the manager puts other signature bytes under node-1's name: not the own ack, so verified and refused
        byte[] forged = ownAck.signature();
        forged[5] ^= 1;
        List<Acknowledgement> altered = new ArrayList<>(acks);
        altered.set(0, new Acknowledgement("node-1", 1, ownAck.transcriptHash(), ownAck.publicKey(), forged));
        Activation.Activate tampered = new Activation.Activate(parameters.userId(), parameters.keyId(),
                own.transcriptHash(), own.publicKey(), altered);
        DkgAbort refused = assertThrows(DkgAbort.class, () -> Activation.verify(parameters, directory, tampered, own,
                ownAck));
        assertTrue(refused.managerAtFault());
        assertInstanceOf(DkgFailure.AckInvalid.class, refused.failure());

        // every other node's ack is still verified: a forged one is refused
        byte[] forgedOther = acks.get(1).signature();
        forgedOther[5] ^= 1;
        Acknowledgement otherForged = new Acknowledgement("node-2", 2, ownAck.transcriptHash(), ownAck.publicKey(),
                forgedOther);
        List<Acknowledgement> withForgedOther = new ArrayList<>(acks);
        withForgedOther.set(1, otherForged);
        Activation.Activate forgedSecond = new Activation.Activate(parameters.userId(), parameters.keyId(),
                own.transcriptHash(), own.publicKey(), withForgedOther);
        assertThrows(DkgAbort.class, () -> Activation.verify(parameters, directory, forgedSecond, own, ownAck));
        pending.values().forEach(PendingKey::destroy);
    }
}
