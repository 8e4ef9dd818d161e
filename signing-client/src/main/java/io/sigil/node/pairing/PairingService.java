package io.sigil.node.pairing;

import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.SessionIds;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.PairStatus;
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
 * ({@link PairingResponder}) and, when it needs the pair itself, asks the initiator to set it up
 * ({@code /v1/pairing/renew}) and waits for that setup to land. Concurrent needs for one peer
 * share one setup. A banned pair is never set up again here: that needs an operator's
 * {@code sigil node reset-pair} (spec §3.7).
 *
 * <p>Crash safety (docs/security.md, "Pairwise setup"): the responder stores when A's S2 checks
 * out, A after B acknowledged, so a lost answer or a crash between leaves the two sides on
 * different generations. A whose {@code /finish} answer is lost asks B's state and stores the
 * setup when B holds it. Otherwise it heals by adopting the newer generation: A asks B's
 * generation before proposing (so its proposal is above both), and a session whose peer signs
 * under a {@code dir_sid} this node never held retires the pair without blame
 * ({@code PairOutOfSync}) so the next need sets it up again; one of a generation set aside (a
 * stale peer session) fails only its session.
 */
@Singleton
public final class PairingService {
    /** How long the initiator waits for the answer to a start (a session gives up earlier; the setup still lands). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
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
        if (existing != null && existing.status() == PairStatus.BANNED) {
            throw new PairingException(peer, "the pair with " + peer
                    + " is banned; a new setup needs its operators (sigil node reset-pair on both nodes)");
        }
        NodeEntry peerEntry = local.registry().node(peer).orElseThrow(() ->
                new PairingException(peer, "node " + peer + " is not in the registry"));
        boolean initiator = isInitiatorWith(peer);
        CompletableFuture<PairState> created = new CompletableFuture<>();
        CompletableFuture<PairState> shared = inFlight.putIfAbsent(peer, created);
        if (shared == null) {
            shared = created;
            Thread.ofVirtual().name("pairing-" + peer).start(initiator ? () -> runInitiator(peerEntry, created)
                    : () -> askInitiator(peerEntry, created));
        }
        try {
            return shared.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            if (!initiator) {
                inFlight.remove(peer, shared); // the initiator's setup failed or never came: the next need asks again
            }
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

    /**
     * Starts a setup with {@code peer} now unless one is in flight: run here when this node is the
     * initiator, else asked of the peer. After {@code reset-pair}, or when the responder asked.
     */
    void startSetup(String peer) {
        NodeEntry peerEntry = local.registry().node(peer).orElseThrow(() ->
                new IllegalArgumentException("node " + peer + " is not in the registry"));
        CompletableFuture<PairState> created = new CompletableFuture<>();
        if (inFlight.putIfAbsent(peer, created) == null) {
            Thread.ofVirtual().name("pairing-" + peer).start(isInitiatorWith(peer) ? () -> runInitiator(peerEntry, created)
                    : () -> askInitiator(peerEntry, created));
        }
    }

    /** Whether this node runs the setups with {@code peer} (it has the smaller id, spec §1.5). */
    boolean isInitiatorWith(String peer) {
        return SessionIds.compareNodeIds(local.id(), peer) < 0;
    }

    /**
     * The responder has no usable state with the initiator (never paired, restored, reset, or the
     * pair went out of sync): the initiator may well believe the pair active, so it is asked to
     * set up again. Its setup then completes this node's wait through {@link #completed}.
     */
    private void askInitiator(NodeEntry peer, CompletableFuture<PairState> waiting) {
        try {
            post(peer, "/v1/pairing/renew", new PairingMessages.Renew(local.id()), null);
            // a setup stored here before this wait began wakes nobody, and the initiator, finding it
            // active here, sets nothing up: without this the wait (and every later need) hung
            pairs.find(peer.id()).filter(PairState::isActive).ifPresent(this::completed);
        } catch (PairingException failed) {
            inFlight.remove(peer.id(), waiting);
            waiting.completeExceptionally(failed);
        }
    }

    /**
     * Whether {@code peer} holds {@code mine} too, active (asked over {@code /v1/pairing/state}). A
     * renewal the peer sent before it stored the setup this node has just run is answered by
     * that setup; unreachable or any other answer counts as no.
     */
    boolean peerHoldsActive(PairState mine) {
        NodeEntry peer = local.registry().node(mine.peerNode()).orElse(null);
        if (peer == null) {
            return false;
        }
        try {
            PairingMessages.PeerState theirs = post(peer, "/v1/pairing/state", new PairingMessages.StateQuery(local.id()),
                    PairingMessages.PeerState.class);
            return PairStatus.ACTIVE.name().equals(theirs.status()) && theirs.generation() == mine.generation();
        } catch (PairingException unanswered) {
            return false;
        }
    }

    /** Whether a setup with {@code peer} is running or being waited for here. */
    boolean isSettingUp(String peer) {
        return inFlight.containsKey(peer);
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
        PairingMessages.PeerState theirs = post(peer, "/v1/pairing/state", new PairingMessages.StateQuery(me),
                PairingMessages.PeerState.class);
        // adopt the newer generation: above both sides' (they differ after a lost answer or a restore)
        SetupRequest request = SetupRequest.create(Math.max(stored, theirs.generation()), local.registry().epoch(), random);
        SetupRound1 first = SetupRound1.start(local.registry().networkId(), me, peer.id(), request, random);
        PeerKeys peerKeys = PeerKeys.of(peer);
        PairingMessages.StartReply reply = post(peer, "/v1/pairing/start", new PairingMessages.Start(
                WireFields.toBase64(request.encode()), PairingMessages.seal(peerKeys, me, peer.id(), "S1", first.message())),
                PairingMessages.StartReply.class);
        try {
            SetupRound2 second = first.finish(PairingMessages.open(local.identity(), peer.id(), me, "S1", "round1", reply.round1()));
            String ownRound2 = PairingMessages.seal(peerKeys, me, peer.id(), "S2", second.message()); // before finish consumes it
            PairState state = second.finish(PairingMessages.open(local.identity(), peer.id(), me, "S2", "round2", reply.round2()));
            try {
                post(peer, "/v1/pairing/finish", new PairingMessages.Finish(ownRound2), null);
            } catch (PairingException unanswered) {
                return adoptedOrDropped(state, unanswered);
            }
            return state;
        } catch (Dkls23Abort abort) {
            throw new PairingException(peer.id(), "pairwise setup with " + peer.id() + " aborted: " + abort.getMessage());
        } catch (GeneralSecurityException | WireFormatException unopened) {
            throw new PairingException(peer.id(), "node " + peer.id() + " sent a setup message that does not open");
        }
    }

    /**
     * The {@code /finish} answer was lost or late, but the responder stores before it answers: when
     * it holds this generation, active, it holds this very setup (it took each generation's start
     * once, and only this run's S2 passes its checks), so this node stores it too rather than leave
     * the setup on one side only. Otherwise its {@code dir_sid} is remembered: should the responder
     * store it after all, its sessions' messages then end only their own session here.
     */
    private PairState adoptedOrDropped(PairState state, PairingException unanswered) throws PairingException {
        if (peerHoldsActive(state)) {
            return state;
        }
        pairs.unacknowledged(state);
        state.destroy();
        throw unanswered;
    }

    private <T> T post(NodeEntry peer, String path, Object body, Class<T> replyType) throws PairingException {
        SignedNodeClient.Answer answer;
        try {
            // the peer computes its S1 and S2 before it answers a start: ~0.5 CPU-second, far more on a loaded host
            answer = client.post(peer, path, Json.writeBytes(body), path.endsWith("/start") ? START_TIMEOUT
                    : SignedNodeClient.REQUEST_TIMEOUT);
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
