package io.sigil.manager.epoch;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.core.annotation.Nullable;
import io.sigil.json.Json;
import io.sigil.registry.governance.EpochAbort;
import io.sigil.registry.governance.EpochDeadline;
import io.sigil.wire.epoch.EpochCommitRequest;
import java.util.Map;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.wire.epoch.EpochProposal;

/**
 * The operators' epoch-change routes on a manager (docs/keygen.md §3.2): {@code POST /v1/epoch/propose}
 * {@code {registry, approval}}, {@code POST /v1/epoch/abort} (an {@link EpochAbort} signed by one
 * operator of the running epoch), {@code POST /v1/epoch/reshare}, {@code POST /v1/epoch/commit}
 * (once the reshare is prepared; again to reach a node that missed it) and
 * {@code GET /v1/epoch}. No caller authentication: what
 * authorises a proposal is the operators' approval inside it and what authorises an abort is the
 * operator's signature, and every node checks both itself.
 */
@Controller("/v1/epoch")
@ExecuteOn(TaskExecutors.BLOCKING)
final class EpochController {
    private final EpochChange change;

    EpochController(EpochChange change) {
        this.change = change;
    }

    @Post(value = "/propose", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> propose(@Body byte[] body) {
        return JsonResponses.ok(change.propose(JsonRequests.parse(body, EpochProposal.class)));
    }

    @Post(value = "/abort", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> abort(@Body byte[] body) {
        return JsonResponses.ok(change.abort(JsonRequests.parse(body, EpochAbort.class)));
    }

    @Post(value = "/reshare", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> reshare() {
        return JsonResponses.ok(change.startReshare());
    }

    /**
     * Commits a prepared change (with an operator's {@code deadline} in the body: one whose nodes
     * are not all ready), or sends the last commit again (a node that was down applies it then).
     */
    @Post(value = "/commit", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> commit(@Body @Nullable byte[] body) {
        EpochDeadline deadline = namesDeadline(body) ? JsonRequests.parse(body, EpochCommitRequest.class).deadline() : null;
        return JsonResponses.ok(change.commit(deadline));
    }

    /** False for no body or {@code {}} (every node's ready); a malformed body goes to the strict parser, which names the problem. */
    private static boolean namesDeadline(byte[] body) {
        if (body == null || body.length == 0) {
            return false;
        }
        try {
            return Json.read(body, Map.class).get("deadline") != null;
        } catch (io.sigil.json.JsonFormatException malformed) {
            return true;
        }
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> status() {
        return JsonResponses.ok(change.status());
    }
}
