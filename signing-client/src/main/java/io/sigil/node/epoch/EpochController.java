package io.sigil.node.epoch;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sigil.node.faults.FaultInjection;
import io.sigil.registry.Role;
import io.sigil.registry.governance.EpochAbort;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.wire.epoch.EpochAnswer;
import io.sigil.wire.epoch.EpochCommit;
import io.sigil.wire.epoch.EpochProposal;
import java.util.Set;

/**
 * The epoch change on a signing node (docs/keygen.md §3.2): {@code POST /v1/epoch/proposal},
 * {@code POST /v1/epoch/abort} and {@code POST /v1/epoch/commit}, from a manager (identity-signed request), each answered with the
 * node's signed {@link EpochAnswer}: 200 when accepted, 409 when another proposal is open, 422 for
 * any other refusal (its {@code reason} names the problem). {@code GET /v1/epoch} shows the state.
 * The manager is only the messenger: the node checks the operators' approval, or the operator's
 * abort, against its own registry.
 */
@Controller("/v1/epoch")
@ExecuteOn(TaskExecutors.BLOCKING)
final class EpochController {
    private final NodeRequestAuthenticator authenticator;
    private final NodeEpoch epoch;
    private final NodeCommit commit;
    private final FaultInjection faults;

    EpochController(NodeRequestAuthenticator authenticator, NodeEpoch epoch, NodeCommit commit, FaultInjection faults) {
        this.authenticator = authenticator;
        this.epoch = epoch;
        this.commit = commit;
        this.faults = faults;
    }

    @Post(value = "/proposal", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> proposal(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        return answered(epoch.propose(JsonRequests.parse(body, EpochProposal.class)));
    }

    @Post(value = "/abort", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> abort(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        return answered(epoch.abort(JsonRequests.parse(body, EpochAbort.class)));
    }

    /** Step 4: the readies of every node of e+1 switch this node to e+1 (or retire it); answered like the others. */
    @Post(value = "/commit", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> commit(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        faults.park(FaultInjection.COMMIT); // tests only: held after receiving the commit, before applying it
        return answered(commit.commit(JsonRequests.parse(body, EpochCommit.class)));
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> state() {
        return JsonResponses.ok(epoch.view());
    }

    private static HttpResponse<String> answered(EpochAnswer answer) {
        HttpStatus status = answer.accepted() ? HttpStatus.OK
                : "another-proposal-open".equals(answer.reason()) || "nothing-open".equals(answer.reason())
                        ? HttpStatus.CONFLICT : HttpStatus.UNPROCESSABLE_ENTITY;
        return JsonResponses.status(status, answer);
    }
}
