package io.sigil.node.signing;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sigil.node.epoch.NodeEpoch;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.batch.BatchRoutes;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sign.SignRequest;
import java.time.Instant;
import io.sigil.wire.sign.BatchBounds;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SignatureStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/new_party} (only from a manager, identity-signed): the §6.1 checks, then the
 * session is taken — {@code 202} — or refused; a full queue answers {@code 503} with
 * {@code Retry-After} (design §5). {@code GET /v1/signature/{requestId}}: a signature this node
 * produced, as the manager would give it. A joining or retired node (docs/keygen.md §3.2) signs nothing.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class SigningController {
    private final NodeRequestAuthenticator authenticator;
    private final PartyAdmission admission;
    private final SigningEngine engine;
    private final SignatureArchive archive;
    private final NodeEpoch epoch;

    SigningController(NodeRequestAuthenticator authenticator, PartyAdmission admission, SigningEngine engine,
                      SignatureArchive archive, NodeEpoch epoch) {
        this.epoch = epoch;
        this.authenticator = authenticator;
        this.admission = admission;
        this.engine = engine;
        this.archive = archive;
    }

    @Post(value = "/new_party", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> newParty(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry manager = authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        epoch.refuseUnlessServing("signing");
        BatchRoutes.Handled joined = join(JsonRequests.parse(body, NewParty.class), manager);
        return JsonResponses.status(HttpStatus.valueOf(joined.status()), joined.body());
    }

    /**
     * {@code POST /v1/new_party/batch} (only from a manager, one signature over the whole body): up
     * to {@link BatchBounds#NEW_PARTY_MAX_ITEMS} new_party bodies, each admitted or refused on its
     * own exactly as {@code /v1/new_party} would (its own §6.1 checks); each item's answer carries
     * its own status and body (see {@link BatchRoutes}). A refusal at its session limit loses only
     * its {@code Retry-After} header (the manager does not read it).
     */
    @Post(value = "/new_party/batch", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> newParties(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry manager = authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        epoch.refuseUnlessServing("signing");
        return BatchRoutes.answerEach(body, BatchBounds.NEW_PARTY_MAX_ITEMS, NewParty.class, "sessionId",
                "/v1/new_party", newParty -> join(newParty, manager));
    }

    private BatchRoutes.Handled join(NewParty newParty, NodeEntry manager) {
        Admission admitted = admission.admit(newParty, manager);
        return switch (engine.join(admitted)) {
            case SigningEngine.Joined.Accepted accepted -> new BatchRoutes.Handled(HttpStatus.ACCEPTED.getCode(),
                    Map.of("sessionId", newParty.sessionId(), "state", accepted.state()));
            case SigningEngine.Joined.Overloaded overloaded -> {
                admitted.key().destroy();
                throw ApiProblemException.retryLater("node is at its session limit; try again", overloaded.retryAfterSeconds());
            }
            case SigningEngine.Joined.Refused refused -> {
                admitted.key().destroy();
                throw ApiProblemException.conflict(refused.detail());
            }
        };
    }

    /**
     * {@code POST /v1/check_request} (only from a manager): whether this node would sign for this
     * request's key at all — the key is here, not deleted, and the request's public key, threshold
     * and account key are the stored ones. {@code 200} or the {@link io.sigil.wire.sign.UserRefusal}
     * a {@code new_party} would get. Lets the manager refuse a request for a key that exists
     * nowhere before it picks a party (docs/security.md §9, "Manager admission").
     */
    @Post(value = "/check_request", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> checkRequest(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        epoch.refuseUnlessServing("signing");
        SignRequest signRequest = JsonRequests.parse(body, SignRequest.class);
        try {
            signRequest.checkForm(Instant.now());
        } catch (WireFormatException malformed) {
            throw ApiProblemException.badRequest("sign request: " + malformed.getMessage());
        }
        admission.checkedKey(signRequest, "check-request").destroy();
        return JsonResponses.ok(Map.of("keyId", signRequest.keyId(), "holds", true));
    }

    @Get(value = "/signature/{requestId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> signature(@PathVariable String requestId) {
        WireFields.identifier("requestId", requestId);
        SessionReport done = archive.find(requestId).orElseThrow(() ->
                ApiProblemException.notFound("this node holds no signature for request " + requestId));
        return JsonResponses.ok(new SignatureStatus(requestId, SignatureStatus.DONE, done.r(), done.s(), done.v(),
                done.signature(), null, List.of(), done.attempt()));
    }
}
