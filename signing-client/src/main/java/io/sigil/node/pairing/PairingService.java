package io.sigil.node.pairing;

import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.SessionIds;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.SetupRequest;
import io.sigil.crypto.dkls23.setup.SetupRound1;
import io.sigil.crypto.dkls23.setup.SetupRound2;
import io.sigil.identity.PeerKeys;
import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.registry.NodeEntry;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gets this node an {@code ACTIVE} pair state with a peer, at first need (spec §3): the node with
 * the smaller id runs the setup ({@link #ensurePaired} as initiator), the other answers it
 * ({@link PairingResponder}) and, when it needs the pair itself, waits for that setup to land.
 * Concurrent needs for one peer share one setup. A banned pair is never set up again here: that
 * needs an operator (spec §3.7).
 */
@Singleton
public final class PairingService {
    private final LocalNode local;
    private final StoredPairStates pairs;
    private final SignedNodeClient client;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CompletableFuture<PairState>> inFlight = new ConcurrentHashMap<>();

    PairingService(LocalNode local, StoredPairStates pairs, SignedNodeClient client) {
        this.local = local;
        this.pairs = pairs;
        this.client = client;
    }

    /** The active pair state with {@code peer}, setting it up or waiting for it within {@code timeout}. */
    public PairState ensurePaired(String peer, Duration timeout) throws PairingException {
        PairState existing = pairs.find(peer).orElse(null);
        if (existing != null && existing.isActive()) {
            return existing;
        }
        if (existing != null) {
            throw new PairingException(peer, "the pair with " + peer + " is banned; a new setup needs an operator");
        }
        NodeEntry peerEntry = local.registry().node(peer).orElseThrow(() ->
                new PairingException(peer, "node " + peer + " is not in the registry"));
        boolean initiator = SessionIds.compareNodeIds(local.id(), peer) < 0;
        CompletableFuture<PairState> created = new CompletableFuture<>();
        CompletableFuture<PairState> shared = inFlight.putIfAbsent(peer, created);
        if (shared == null) {
            shared = created;
            if (initiator) {
                Thread.ofVirtual().name("pairing-" + peer).start(() -> runInitiator(peerEntry, created));
            }
        }
        try {
            return shared.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            throw new PairingException(peer, "no pairwise setup with " + peer + " within " + timeout.toMillis() + " ms");
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            throw cause instanceof PairingException pairing ? pairing
                    : new PairingException(peer, "pairwise setup with " + peer + " failed: " + cause.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PairingException(peer, "interrupted while waiting for the pair with " + peer);
        }
    }

    /** Called by the responder when a setup it answered has been stored: wakes local waiters. */
    void completed(PairState state) {
        CompletableFuture<PairState> waiting = inFlight.remove(state.peerNode());
        if (waiting != null) {
            waiting.complete(state);
        }
    }

    private void runInitiator(NodeEntry peer, CompletableFuture<PairState> result) {
        try {
            PairState state = initiate(peer);
            pairs.save(state);
            inFlight.remove(peer.id(), result);
            result.complete(state);
        } catch (PairingException | RuntimeException failure) {
            inFlight.remove(peer.id(), result);
            result.completeExceptionally(failure);
        }
    }

    private PairState initiate(NodeEntry peer) throws PairingException {
        String me = local.id();
        long stored = pairs.find(peer.id()).map(PairState::generation).orElse(0L);
        SetupRequest request = SetupRequest.create(stored, local.registry().epoch(), random);
        SetupRound1 first = SetupRound1.start(local.registry().networkId(), me, peer.id(), request, random);
        PeerKeys peerKeys = PeerKeys.of(peer);
        PairingMessages.StartReply reply = post(peer, "/v1/pairing/start", new PairingMessages.Start(
                WireFields.toBase64(request.encode()), PairingMessages.seal(peerKeys, me, peer.id(), "S1", first.message())),
                PairingMessages.StartReply.class);
        try {
            SetupRound2 second = first.finish(PairingMessages.open(local.identity(), peer.id(), me, "S1", "round1", reply.round1()));
            String ownRound2 = PairingMessages.seal(peerKeys, me, peer.id(), "S2", second.message()); // before finish consumes it
            PairState state = second.finish(PairingMessages.open(local.identity(), peer.id(), me, "S2", "round2", reply.round2()));
            post(peer, "/v1/pairing/finish", new PairingMessages.Finish(ownRound2), null);
            return state;
        } catch (Dkls23Abort abort) {
            throw new PairingException(peer.id(), "pairwise setup with " + peer.id() + " aborted: " + abort.getMessage());
        } catch (GeneralSecurityException | WireFormatException unopened) {
            throw new PairingException(peer.id(), "node " + peer.id() + " sent a setup message that does not open");
        }
    }

    private <T> T post(NodeEntry peer, String path, Object body, Class<T> replyType) throws PairingException {
        SignedNodeClient.Answer answer;
        try {
            answer = client.postJson(peer, path, body);
        } catch (IOException unreachable) {
            throw new PairingException(peer.id(), SignedNodeClient.oversized(peer.id(), unreachable)
                    .orElse("node " + peer.id() + " is unreachable for pairing"));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new PairingException(peer.id(), "interrupted while pairing with " + peer.id());
        }
        if (!answer.isSuccess()) {
            throw new PairingException(peer.id(), "node " + peer.id() + " refused pairing (" + answer.status() + ")");
        }
        if (replyType == null) {
            return null;
        }
        try {
            return Json.read(answer.body(), replyType);
        } catch (JsonFormatException malformed) {
            throw new PairingException(peer.id(), "node " + peer.id() + " answered pairing with something malformed");
        }
    }
}
