package io.sigil.node.jobs;

import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.InMemoryUsedSessionLog;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SessionIds;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.dkls23.setup.InMemoryPairStateStore;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.SetupRequest;
import io.sigil.crypto.dkls23.setup.SetupRound1;
import io.sigil.crypto.dkls23.setup.SetupRound2;
import io.sigil.crypto.dkls23.sign.SignerInput;
import io.sigil.crypto.feldman.DealtKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The least a signing test needs, built from common's public API (signing-client tests cannot use
 * testing-utils, which depends on this module): n nodes with pair stores and used-session logs,
 * the pairwise setup of spec §3 for chosen pairs, and signing contexts and inputs.
 */
final class SigningNetwork {

    static final String NETWORK_ID = "sigil-jobs-test";
    static final long EPOCH = 3;

    record Node(String id, int index, InMemoryPairStateStore pairs, InMemoryUsedSessionLog usedSessions) {
    }

    private final SecureRandom rng;
    private final Map<Integer, Node> nodes = new HashMap<>();
    private final int committees;

    SigningNetwork(int committees, SecureRandom rng) {
        this.committees = committees;
        this.rng = rng;
        for (int k = 1; k <= committees; k++) {
            String id = nodeId(k);
            nodes.put(k, new Node(id, k, new InMemoryPairStateStore(id), new InMemoryUsedSessionLog()));
        }
    }

    static String nodeId(int index) {
        return String.format("node-%02d", index);
    }

    Node node(int index) {
        return nodes.get(index);
    }

    /** Spec §3.2 S0–S2 between committees {@code a} and {@code b}; both store their pair state. */
    void setupPair(int a, int b) throws Dkls23Abort {
        Node nodeA = node(a);
        Node nodeB = node(b);
        Node requester = SessionIds.compareNodeIds(nodeA.id(), nodeB.id()) < 0 ? nodeA : nodeB;
        Node responder = requester == nodeA ? nodeB : nodeA;
        long stored = requester.pairs().find(responder.id()).map(PairState::generation).orElse(0L);
        SetupRequest request = SetupRequest.decode(SetupRequest.create(stored, EPOCH, rng).encode());
        request.checkAcceptable(responder.pairs().find(requester.id()).map(PairState::generation).orElse(0L), EPOCH);
        SetupRound1 firstA = SetupRound1.start(NETWORK_ID, nodeA.id(), nodeB.id(), request, rng);
        SetupRound1 firstB = SetupRound1.start(NETWORK_ID, nodeB.id(), nodeA.id(), request, rng);
        SetupRound2 secondA = firstA.finish(firstB.message());
        SetupRound2 secondB = firstB.finish(firstA.message());
        byte[] fromA = secondA.message();
        byte[] fromB = secondB.message();
        nodeA.pairs().save(secondA.finish(fromB));
        nodeB.pairs().save(secondB.finish(fromA));
    }

    SignRequestContext context(DealtKey key, List<Integer> signers, byte[] digest, String requestId,
            Clock clock) {
        List<PartyId> members = new ArrayList<>();
        for (int index : signers) {
            members.add(new PartyId(index, nodeId(index)));
        }
        long expiry = clock.instant().getEpochSecond() + 600;
        return new SignRequestContext(NETWORK_ID, EPOCH, "user-1", "key-1", key.publicKey(),
                key.threshold(), committees, SigningParty.of(members), requestId, 0, expiry, digest);
    }

    SignerInput input(SignRequestContext context, DealtKey key, int index, Clock clock) {
        Node node = node(index);
        return new SignerInput(context, new PartyId(index, node.id()), key.shard(index).share(),
                key.publicKey(), node.pairs(), node.usedSessions(), clock);
    }

    byte[] randomDigest() {
        byte[] digest = new byte[32];
        rng.nextBytes(digest);
        return digest;
    }
}
