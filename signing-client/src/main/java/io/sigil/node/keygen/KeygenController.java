package io.sigil.node.keygen;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sigil.node.epoch.NodeEpoch;
import io.sigil.registry.Role;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.wire.keygen.DkgAbortCall;
import io.sigil.wire.keygen.DkgActivateCall;
import io.sigil.wire.keygen.DkgDelivery;
import io.sigil.wire.keygen.DkgRevealCall;
import io.sigil.wire.keygen.DkgSession;
import java.util.Set;

/**
 * Network key generation on a signing node (keygen §2.3–§2.6), accepted only from a manager
 * (identity-signed request): {@code POST /v1/dkg/commit} (round 1, contributors),
 * {@code /v1/dkg/reveal} (round 2, contributors), {@code /v1/dkg/deliver} (round 3: an ack or a
 * complaint naming the culprit), {@code /v1/dkg/activate} and {@code /v1/dkg/abort} (the manager
 * gave up on a request: its PENDING records go, docs/keygen.md §6.1). Refusals are problem+json;
 * the first four are refused with 503 + Retry-After while an epoch change is open (docs/keygen.md
 * §3.2); abort only deletes a record that could never become ACTIVE, so it is taken then too.
 */
@Controller("/v1/dkg")
@ExecuteOn(TaskExecutors.BLOCKING)
final class KeygenController {
    private final NodeRequestAuthenticator authenticator;
    private final NodeKeyGeneration keygen;
    private final NodeEpoch epoch;

    KeygenController(NodeRequestAuthenticator authenticator, NodeKeyGeneration keygen, NodeEpoch epoch) {
        this.authenticator = authenticator;
        this.keygen = keygen;
        this.epoch = epoch;
    }

    @Post(value = "/commit", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> commit(HttpRequest<?> request, @Body byte[] body) {
        fromManager(request, body);
        return JsonResponses.ok(keygen.commit(JsonRequests.parse(body, DkgSession.class)));
    }

    @Post(value = "/reveal", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> reveal(HttpRequest<?> request, @Body byte[] body) {
        fromManager(request, body);
        return JsonResponses.ok(keygen.reveal(JsonRequests.parse(body, DkgRevealCall.class)));
    }

    @Post(value = "/deliver", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> deliver(HttpRequest<?> request, @Body byte[] body) {
        fromManager(request, body);
        return JsonResponses.ok(keygen.deliver(JsonRequests.parse(body, DkgDelivery.class)));
    }

    @Post(value = "/activate", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> activate(HttpRequest<?> request, @Body byte[] body) {
        fromManager(request, body);
        return JsonResponses.ok(keygen.activate(JsonRequests.parse(body, DkgActivateCall.class)));
    }

    @Post(value = "/abort", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> abort(HttpRequest<?> request, @Body byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        return JsonResponses.ok(keygen.abort(JsonRequests.parse(body, DkgAbortCall.class)));
    }

    private void fromManager(HttpRequest<?> request, byte[] body) {
        authenticator.authenticate(request, body, Set.of(Role.COMMUNICATION_MANAGER));
        epoch.refuseWhileOpen("new_key");
    }
}
