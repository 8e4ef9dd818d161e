package io.sigil.manager.keygen;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sigil.manager.epoch.EpochChange;
import io.sigil.manager.results.ResultEndpoints;
import io.sigil.manager.signing.ManagerSettings;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.keygen.NewKeyRequest;
import io.sigil.wire.keygen.NewKeyStatus;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;

/**
 * The user-facing side of network key generation (keygen §2.1): {@code POST /v1/new_key} (202 with
 * the request id, or with {@code Prefer: wait=N} the final status as 200 when it comes within the
 * wait: {@link ResultEndpoints#accepted}), {@code GET /v1/new_key/{requestId}} (the current {@link NewKeyStatus}) and
 * {@code GET /v1/new_key/{requestId}/events} (one {@code status} event when final), like a signature.
 * Refusals are counted under {@code new-key/<reason>}: {@code malformed}, {@code expired},
 * {@code wrong-network}, {@code bad-signature}, {@code replayed}. While an epoch change is open
 * a new_key is refused with 503 + Retry-After (docs/keygen.md §3.2).
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class NewKeyController {
    private final KeygenCoordinator coordinator;
    private final LocalNode local;
    private final ManagerSettings settings;
    private final FaultCounters faults;
    private final EpochChange epoch;

    NewKeyController(KeygenCoordinator coordinator, LocalNode local, ManagerSettings settings, FaultCounters faults,
                     EpochChange epoch) {
        this.epoch = epoch;
        this.coordinator = coordinator;
        this.local = local;
        this.settings = settings;
        this.faults = faults;
    }

    @Post(value = "/new_key", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    CompletableFuture<HttpResponse<String>> newKey(HttpRequest<?> http, @Body byte[] body) {
        epoch.refuseWhileOpen("new_key");
        NewKeyRequest request;
        try {
            request = JsonRequests.parse(body, NewKeyRequest.class);
        } catch (ApiProblemException malformed) {
            faults.refused("new-key", "malformed");
            throw malformed;
        }
        Instant now = Instant.now();
        try {
            request.checkForm(now, local.registry().committeeCount());
        } catch (WireFormatException malformed) {
            boolean expired = "expiresAt".equals(malformed.field()) && request.expiresAt() < now.getEpochSecond();
            faults.refused("new-key", expired ? "expired" : "malformed");
            throw ApiProblemException.badRequest("new_key: " + malformed.getMessage());
        }
        try {
            request.checkNetwork(io.sigil.wire.NetworkBinding.of(local.registry()));
        } catch (WireFormatException elsewhere) {
            faults.refused("new-key", "wrong-network");
            throw ApiProblemException.badRequest("new_key: " + elsewhere.getMessage());
        }
        if (!request.verifiesWithOwnAccountKey()) {
            faults.refused("new-key", "bad-signature");
            throw ApiProblemException.unauthorized("signature: is not the account key's signature over this request");
        }
        String requestId = coordinator.accept(request);
        return ResultEndpoints.accepted(http, requestId, settings.answerMaxWait(), () -> coordinator.whenFinal(requestId));
    }

    @Get(value = "/new_key/{requestId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> status(@PathVariable String requestId) {
        String id = ResultEndpoints.checkedId(requestId);
        return JsonResponses.ok(coordinator.status(id).orElseThrow(() -> unknown(id)));
    }

    @Get(value = "/new_key/{requestId}/events", produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<Event<String>> events(@PathVariable String requestId, HttpRequest<?> request) {
        String id = ResultEndpoints.checkedId(requestId);
        CompletableFuture<NewKeyStatus> finished = coordinator.whenFinal(id).orElseThrow(() -> unknown(id));
        return ResultEndpoints.statusEvents(request, finished, settings.eventsMaxWait(),
                () -> coordinator.status(id).orElseThrow(), NewKeyStatus::status);
    }

    private static ApiProblemException unknown(String requestId) {
        return ResultEndpoints.unknown("new_key request", requestId);
    }
}
