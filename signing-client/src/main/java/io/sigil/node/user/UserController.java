package io.sigil.node.user;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sigil.node.epoch.NodeEpoch;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.NewUserBundle;
import java.time.Instant;
import java.util.Set;

/**
 * {@code POST /v1/new_user} and {@code POST /v1/delete_user} on a signing node: accepted only
 * from a leader of this node's own committee (checked by the leader's identity signature); the
 * user's account signature inside is checked again here, since a leader is not trusted. Both are
 * refused with 503 + Retry-After while an epoch change is open (docs/keygen.md §3.2).
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class UserController {
    private final NodeRequestAuthenticator authenticator;
    private final KeyRegistrations registrations;
    private final NodeEpoch epoch;
    private final Counter registered;
    private final Counter deleted;

    UserController(NodeRequestAuthenticator authenticator, KeyRegistrations registrations, NodeEpoch epoch,
                   MeterRegistry meters) {
        this.authenticator = authenticator;
        this.registrations = registrations;
        this.epoch = epoch;
        this.registered = Counter.builder("sigil.new_user").description("new_user bundles acknowledged (replays included)")
                .register(meters);
        this.deleted = Counter.builder("sigil.delete_user").description("delete_user requests acknowledged")
                .register(meters);
    }

    @Post(value = "/new_user", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> newUser(HttpRequest<?> request, @Body byte[] body) {
        requireOwnLeader(request, body);
        epoch.refuseWhileOpen("new_user");
        NewUserBundle bundle = JsonRequests.parse(body, NewUserBundle.class);
        try {
            HttpResponse<String> acknowledged = JsonResponses.ok(registrations.accept(bundle, bundle.verify(Instant.now())));
            registered.increment();
            return acknowledged;
        } catch (WireFormatException malformed) {
            throw ApiProblemException.badRequest("new_user bundle: " + malformed.getMessage());
        }
    }

    @Post(value = "/delete_user", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> deleteUser(HttpRequest<?> request, @Body byte[] body) {
        requireOwnLeader(request, body);
        epoch.refuseWhileOpen("delete_user");
        HttpResponse<String> acknowledged = JsonResponses.ok(registrations.delete(JsonRequests.parse(body,
                DeleteUserRequest.class)));
        deleted.increment();
        return acknowledged;
    }

    private void requireOwnLeader(HttpRequest<?> request, byte[] body) {
        NodeEntry sender = authenticator.authenticate(request, body, Set.of(Role.COMMITTEE_LEADER));
        if (!sender.inCommittee(registrations.committee())) {
            throw ApiProblemException.forbidden("leader " + sender.id() + " does not lead committee "
                    + registrations.committee());
        }
    }
}
