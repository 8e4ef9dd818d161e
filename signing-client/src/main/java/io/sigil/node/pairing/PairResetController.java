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
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/pairing/reset} ({@code sigil node reset-pair}): an operator sets this node's pair
 * with a peer up again, for a pair stuck out of step or, with both operators doing it, a banned
 * pair (spec §3.7: a new setup with a banned peer needs operator approval). Only the operator
 * may call it: the request must be signed with THIS node's own identity key, which the operator
 * holds and peers do not. The pair is retired (seeds wiped, generation kept) and the setup starts
 * at once: here when this node is the initiator (smaller id), else by asking the peer to.
 */
@Controller("/v1/pairing")
@ExecuteOn(TaskExecutors.BLOCKING)
final class PairResetController {
    private final LocalNode local;
    private final NodeRequestAuthenticator authenticator;
    private final StoredPairStates pairs;
    private final PairingService service;

    PairResetController(LocalNode local, NodeRequestAuthenticator authenticator, StoredPairStates pairs,
                        PairingService service) {
        this.local = local;
        this.authenticator = authenticator;
        this.pairs = pairs;
        this.service = service;
    }

    @Post(value = "/reset", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> reset(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry signer = authenticator.authenticate(request, body, Set.of(Role.SIGNING_CLIENT));
        if (!signer.id().equals(local.id())) {
            throw ApiProblemException.forbidden("only this node's operator resets its pairs: sign with node "
                    + local.id() + "'s own identity key");
        }
        PairingMessages.Reset reset = JsonRequests.parse(body, PairingMessages.Reset.class);
        String peer = reset.peer();
        NodeEntry peerEntry = peer == null ? null : local.registry().node(peer).orElse(null);
        if (peerEntry == null || peer.equals(local.id()) || !peerEntry.hasRole(Role.SIGNING_CLIENT)) {
            throw ApiProblemException.badRequest("peer '" + WireFields.printable(String.valueOf(peer))
                    + "' is not another signing node of the registry");
        }
        long previous = pairs.reset(peer, "operator reset-pair");
        service.startSetup(peer);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("node", local.id());
        answer.put("peer", peer);
        answer.put("previousGeneration", previous);
        answer.put("setUpBy", service.isInitiatorWith(peer) ? local.id() : peer);
        return JsonResponses.status(HttpStatus.ACCEPTED, answer);
    }
}
