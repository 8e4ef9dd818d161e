package io.sigil.node.pairing;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.SessionIds;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.PairStatus;
import io.sigil.crypto.dkls23.setup.SetupRequest;
import io.sigil.crypto.dkls23.setup.SetupRound1;
import io.sigil.crypto.dkls23.setup.SetupRound2;
import io.sigil.identity.PeerKeys;
import io.sigil.node.faults.FaultInjection;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answering side (B, the larger node id) of the pairwise setup: {@code POST /v1/pairing/start}
 * and {@code /v1/pairing/finish}, each signed by the initiating signing node. The half-done setup
 * waits in memory for at most {@link #PENDING_TTL}; nothing is stored until A's S2 checks out.
 *
 * <p>A start costs ~0.5 CPU-second, so before any of it: the generation must exceed every one
 * stored or started with that peer (a replayed start is refused at once), the peer must be within
 * its setup allowance and have no other setup being computed ({@link PairingLimits}), and its S1
 * must pass its proofs before this node computes its own. Also {@code /state} (the generation
 * held with the asking peer) and {@code /renew} (the responder asks its initiator, the smaller
 * id, to set the pair up again).
 */
@Controller("/v1/pairing")
@ExecuteOn(TaskExecutors.BLOCKING)
final class PairingResponder {
    static final Duration PENDING_TTL = Duration.ofSeconds(60);

    private record Pending(SetupRound2 round, Instant expires) {
    }

    private final LocalNode local;
    private final NodeRequestAuthenticator authenticator;
    private final StoredPairStates pairs;
    private final PairingService service;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private final PairingLimits limits;
    private final FaultInjection faults;

    PairingResponder(LocalNode local, NodeRequestAuthenticator authenticator, StoredPairStates pairs, PairingService service,
                     PairingLimits limits, FaultInjection faults) {
        this.faults = faults;
        this.local = local;
        this.authenticator = authenticator;
        this.pairs = pairs;
        this.service = service;
        this.limits = limits;
    }

    @Post(value = "/start", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> start(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry peer = initiator(request, body);
        PairingMessages.Start start = JsonRequests.parse(body, PairingMessages.Start.class);
        PairState existing = pairs.find(peer.id()).orElse(null);
        if (existing != null && existing.status() == PairStatus.BANNED) {
            throw ApiProblemException.forbidden("the pair " + local.id() + "/" + peer.id() + " is banned");
        }
        SetupRequest setupRequest;
        try {
            setupRequest = SetupRequest.decode(WireFields.base64("request", start.request(), SetupRequest.ENCODED_LENGTH));
        } catch (IllegalArgumentException malformed) {
            throw ApiProblemException.badRequest("setup request S0: " + malformed.getMessage());
        }
        long floor = Math.max(existing == null ? 0 : existing.generation(), limits.highestStarted(peer.id()));
        try {
            setupRequest.checkAcceptable(floor, local.registry().epoch());
        } catch (IllegalArgumentException stale) {
            throw ApiProblemException.conflict("setup request S0: " + stale.getMessage());
        }
        if (!limits.tryTake(peer.id())) {
            throw ApiProblemException.retryLater("node " + peer.id() + " asked for too many pairwise setups", limits.retryAfterSeconds());
        }
        if (!limits.tryStartComputing(peer.id())) {
            throw ApiProblemException.retryLater("a setup with " + peer.id() + " is being computed", 1);
        }
        try {
            if (!limits.claimGeneration(peer.id(), setupRequest.generation())) {
                throw ApiProblemException.conflict("setup request S0: generation " + setupRequest.generation() + " was already started");
            }
            return answerStart(peer, start, setupRequest);
        } finally {
            limits.doneComputing(peer.id());
        }
    }

    private HttpResponse<String> answerStart(NodeEntry peer, PairingMessages.Start start, SetupRequest setupRequest) {
        SetupRound1.CheckedMessage peerRound1;
        try {
            peerRound1 = SetupRound1.checkPeerMessage(local.registry().networkId(), local.id(), peer.id(), setupRequest,
                    PairingMessages.open(local.identity(), peer.id(), local.id(), "S1", "round1", start.round1()));
        } catch (Dkls23Abort abort) {
            throw ApiProblemException.badRequest("S1 from " + peer.id() + " fails its checks: " + abort.getMessage());
        } catch (GeneralSecurityException | WireFormatException unopened) {
            throw ApiProblemException.badRequest("S1 from " + peer.id() + " does not open");
        }
        SetupRound1 first = SetupRound1.start(local.registry().networkId(), local.id(), peer.id(), setupRequest, random);
        SetupRound2 second;
        try {
            second = first.finish(peerRound1);
        } catch (Dkls23Abort abort) {
            throw ApiProblemException.badRequest("S1 from " + peer.id() + " fails its checks: " + abort.getMessage());
        }
        dropExpired();
        pending.put(peer.id(), new Pending(second, Instant.now().plus(PENDING_TTL)));
        PeerKeys peerKeys = PeerKeys.of(peer);
        return JsonResponses.ok(new PairingMessages.StartReply(
                PairingMessages.seal(peerKeys, local.id(), peer.id(), "S1", first.message()),
                PairingMessages.seal(peerKeys, local.id(), peer.id(), "S2", second.message())));
    }

    @Post(value = "/finish", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> finish(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry peer = initiator(request, body);
        PairingMessages.Finish finish = JsonRequests.parse(body, PairingMessages.Finish.class);
        Pending half = pending.remove(peer.id());
        if (half == null || half.expires().isBefore(Instant.now())) {
            throw ApiProblemException.conflict("no setup with " + peer.id() + " is waiting to finish");
        }
        PairState state;
        try {
            state = half.round().finish(PairingMessages.open(local.identity(), peer.id(), local.id(), "S2", "round2", finish.round2()));
        } catch (Dkls23Abort abort) {
            throw ApiProblemException.badRequest("S2 from " + peer.id() + " fails its checks: " + abort.getMessage());
        } catch (GeneralSecurityException | WireFormatException unopened) {
            throw ApiProblemException.badRequest("S2 from " + peer.id() + " does not open");
        }
        pairs.save(state);
        service.completed(state);
        faults.park(FaultInjection.PAIRING_FINISH_ANSWER); // tests only: an answer late past the initiator's timeout
        return JsonResponses.ok(Map.of("pairedWith", peer.id(), "generation", state.generation()));
    }

    /** The generation (and status) this node holds with the asking signing node; 0 for none. */
    @Post(value = "/state", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> state(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry peer = authenticator.authenticate(request, body, Set.of(Role.SIGNING_CLIENT));
        JsonRequests.parse(body, PairingMessages.StateQuery.class);
        PairState held = pairs.find(peer.id()).orElse(null);
        long generation = Math.max(held == null ? 0 : held.generation(), limits.highestStarted(peer.id()));
        return JsonResponses.ok(new PairingMessages.PeerState(generation,
                held == null ? "NONE" : held.status().name()));
    }

    /**
     * The responder (the larger id) has no usable state with this node and asks for a new setup:
     * a state held here is retired (the peer cannot use it) and the setup starts. Counted against
     * the peer's setup allowance, so it cannot make this node set up without end.
     */
    @Post(value = "/renew", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> renew(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry peer = authenticator.authenticate(request, body, Set.of(Role.SIGNING_CLIENT));
        JsonRequests.parse(body, PairingMessages.Renew.class);
        if (SessionIds.compareNodeIds(local.id(), peer.id()) >= 0) {
            throw ApiProblemException.forbidden("node " + local.id() + " does not initiate pairing with " + peer.id()
                    + " (the smaller node id does)");
        }
        PairState held = pairs.find(peer.id()).orElse(null);
        if (held != null && held.status() == PairStatus.BANNED) {
            throw ApiProblemException.forbidden("the pair " + local.id() + "/" + peer.id() + " is banned");
        }
        if (!service.isSettingUp(peer.id()) && !(held != null && held.isActive() && service.peerHoldsActive(held))) {
            if (!limits.tryTake(peer.id())) {
                throw ApiProblemException.retryLater("node " + peer.id() + " asked for too many pairwise setups",
                        limits.retryAfterSeconds());
            }
            pairs.retire(peer.id(), "node " + peer.id() + " holds no usable state and asked for a new setup");
            service.startSetup(peer.id());
        }
        return JsonResponses.status(HttpStatus.ACCEPTED, Map.of("settingUpWith", peer.id()));
    }

    /** The signing node with the smaller id: only it may start a setup with this node. */
    private NodeEntry initiator(HttpRequest<?> request, byte[] body) {
        NodeEntry peer = authenticator.authenticate(request, body, Set.of(Role.SIGNING_CLIENT));
        if (peer.id().equals(local.id()) || SessionIds.compareNodeIds(peer.id(), local.id()) > 0) {
            throw ApiProblemException.forbidden("node " + peer.id() + " does not initiate pairing with " + local.id()
                    + " (the smaller node id does)");
        }
        return peer;
    }

    private void dropExpired() {
        Instant now = Instant.now();
        pending.values().removeIf(entry -> entry.expires().isBefore(now));
    }
}
