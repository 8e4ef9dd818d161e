package io.sigil.node.reshare;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sigil.node.faults.FaultInjection;
import io.sigil.registry.Role;
import io.sigil.wire.reshare.PrepareRequest;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.wire.reshare.KeyList;
import io.sigil.wire.reshare.ReshareBatchDelivery;
import io.sigil.wire.reshare.ReshareBatchSession;
import io.sigil.wire.reshare.ReshareDelivery;
import io.sigil.wire.reshare.ReshareBatchAcks;
import io.sigil.wire.reshare.ReshareSession;
import java.util.Set;

/**
 * The reshare routes of a signing node (docs/keygen.md §3.2 steps 2–3), each a manager's
 * identity-signed request: {@code contribute} (old party member deals one key), {@code deliver}
 * (new signing node checks, stores PENDING, acks or complains), their batched forms
 * {@code reshare/batch/contribute} and {@code reshare/batch/deliver} (§3.5, what the manager uses) with {@code reshare/batch/acks} (the tallied batch's answers, kept as catch-up evidence, §3.7), and {@code prepare} (signs
 * {@code EpochReady} over the pending set).
 */
@Controller("/v1/epoch")
@ExecuteOn(TaskExecutors.BLOCKING)
final class ReshareController {
    private final NodeRequestAuthenticator authenticator;
    private final NodeReshare reshare;
    private final NodeReshareBatch batches;
    private final FaultInjection faults;

    ReshareController(NodeRequestAuthenticator authenticator, NodeReshare reshare, NodeReshareBatch batches,
                      FaultInjection faults) {
        this.authenticator = authenticator;
        this.reshare = reshare;
        this.batches = batches;
        this.faults = faults;
    }

    @Post(value = "/reshare/contribute", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> contribute(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        return JsonResponses.ok(reshare.contribute(JsonRequests.parse(body, ReshareSession.class)));
    }

    @Post(value = "/reshare/deliver", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> deliver(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        return JsonResponses.ok(reshare.deliver(JsonRequests.parse(body, ReshareDelivery.class)));
    }

    @Post(value = "/reshare/batch/contribute", consumes = MediaType.APPLICATION_JSON,
            produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> contributeBatch(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        faults.park(FaultInjection.RESHARE_CONTRIBUTE); // tests only (multi-process crash tests); a no-op otherwise
        return JsonResponses.ok(batches.contribute(JsonRequests.parse(body, ReshareBatchSession.class)));
    }

    @Post(value = "/reshare/batch/deliver", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> deliverBatch(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        faults.park(FaultInjection.RESHARE_DELIVER);
        return JsonResponses.ok(batches.deliver(JsonRequests.parse(body, ReshareBatchDelivery.class)));
    }

    /** The tallied batch's signed answers, kept as the catch-up evidence of its keys (keygen §3.7). */
    @Post(value = "/reshare/batch/acks", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> keepAcks(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        return JsonResponses.ok(batches.keepAcks(JsonRequests.parse(body, ReshareBatchAcks.class)));
    }

    @Post(value = "/keys", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> keys(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        return JsonResponses.ok(reshare.keys(JsonRequests.parse(body, KeyList.Request.class)));
    }

    @Post(value = "/prepare", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> prepare(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        faults.park(FaultInjection.PREPARE);
        boolean empty = body == null || body.length == 0;
        return JsonResponses.ok(reshare.prepare(empty ? PrepareRequest.none()
                : io.sigil.service.node.JsonRequests.parse(body, PrepareRequest.class)));
    }
}
