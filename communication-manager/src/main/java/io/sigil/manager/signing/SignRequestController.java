package io.sigil.manager.signing;

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
import io.sigil.manager.admission.RequestRateLimits;
import io.sigil.manager.results.ResultEndpoints;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Publisher;

/**
 * The user-facing side of the manager: {@code POST /v1/sign_request} (202 with the request id, or
 * with {@code Prefer: wait=N} the final status as 200 when it comes within the wait:
 * {@link ResultEndpoints#accepted}),
 * {@code GET /v1/signature/{requestId}} (the current {@link SignatureStatus}) and
 * {@code GET /v1/signature/{requestId}/events}, a server-sent-event stream that sends one
 * {@code status} event when the request is final (at once if it already is), or the still-pending
 * status after {@link ManagerSettings#eventsMaxWait()}, and then ends. Every refused sign request is
 * counted under {@code sign-request/<reason>} in {@code GET /v1/faults}: {@code malformed},
 * {@code expired}, {@code other-network}, {@code bad-signature}, {@code rate-limited} ({@link RequestRateLimits}),
 * {@code key-refused} (the nodes refuse the key as the user's fault, {@code KeyDirectory}),
 * {@code replayed}, {@code too-many-pending}, {@code overloaded}.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class SignRequestController {
    private final SigningCoordinator coordinator;
    private final ManagerSettings settings;
    private final FaultCounters faults;
    /** The running registry's network id and epoch; the epoch moves at commit. */
    private final java.util.function.Supplier<NetworkBinding> network;

    private final RequestRateLimits rates;

    SignRequestController(SigningCoordinator coordinator, ManagerSettings settings, FaultCounters faults,
                          RequestRateLimits rates, LocalNode local) {
        this.network = local.derived(NetworkBinding::of);
        this.rates = rates;
        this.coordinator = coordinator;
        this.settings = settings;
        this.faults = faults;
    }

    @Post(value = "/sign_request", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    CompletableFuture<HttpResponse<String>> signRequest(HttpRequest<?> http, @Body byte[] body) {
        SignRequest request;
        try {
            request = JsonRequests.parse(body, SignRequest.class);
        } catch (ApiProblemException malformed) {
            faults.refused("sign-request", "malformed");
            throw malformed;
        }
        Instant now = Instant.now();
        try {
            request.checkForm(now);
        } catch (WireFormatException malformed) {
            boolean expired = "expiresAt".equals(malformed.field()) && request.expiresAt() < now.getEpochSecond();
            faults.refused("sign-request", expired ? "expired" : "malformed");
            throw ApiProblemException.badRequest("sign_request: " + malformed.getMessage());
        }
        try {
            network.get().require(request.networkId(), request.epoch());
        } catch (WireFormatException otherNetwork) {
            faults.refused("sign-request", "other-network");
            throw ApiProblemException.badRequest("sign_request: " + otherNetwork.getMessage());
        }
        if (!request.verifiesWithOwnAccountKey()) {
            faults.refused("sign-request", "bad-signature");
            throw ApiProblemException.unauthorized("signature: is not the account key's signature over this request");
        }
        try {
            rates.admit(http.getRemoteAddress().getAddress().getHostAddress(), request.userId());
        } catch (ApiProblemException limited) {
            faults.refused("sign-request", "rate-limited");
            throw limited;
        }
        // every check and limit above comes before any wait; the answer waits on a future, not a thread
        String requestId = coordinator.accept(request);
        return ResultEndpoints.accepted(http, requestId, settings.answerMaxWait(), () -> coordinator.whenFinal(requestId));
    }

    @Get(value = "/signature/{requestId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> signature(@PathVariable String requestId) {
        return JsonResponses.ok(coordinator.status(checkedId(requestId)).orElseThrow(() -> unknown(requestId)));
    }

    @Get(value = "/signature/{requestId}/events", produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<Event<String>> events(@PathVariable String requestId, HttpRequest<?> request) {
        String id = checkedId(requestId);
        CompletableFuture<SignatureStatus> finished = coordinator.whenFinal(id).orElseThrow(() -> unknown(id));
        return ResultEndpoints.statusEvents(request, finished, settings.eventsMaxWait(),
                () -> coordinator.status(id).orElseThrow(), SignatureStatus::status);
    }

    private static String checkedId(String requestId) {
        return ResultEndpoints.checkedId(requestId);
    }

    private static ApiProblemException unknown(String requestId) {
        return ResultEndpoints.unknown("sign request", requestId);
    }
}
