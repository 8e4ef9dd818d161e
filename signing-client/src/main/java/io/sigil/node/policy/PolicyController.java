package io.sigil.node.policy;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.policy.SetPolicyRequest;
import java.util.Set;

/**
 * {@code POST /v1/set_policy}: only from a leader of this node's committee (like delete_user); the
 * account signature inside is checked here. {@code GET /v1/policy/{userId}/{keyId}}: the stored
 * policy, in force and pending — a policy is not secret, and this lets the owner see a pending
 * replacement of a locked policy that it did not make.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class PolicyController {
    private final NodeRequestAuthenticator authenticator;
    private final KeyRegistrations registrations;
    private final NodePolicies policies;

    PolicyController(NodeRequestAuthenticator authenticator, KeyRegistrations registrations, NodePolicies policies) {
        this.authenticator = authenticator;
        this.registrations = registrations;
        this.policies = policies;
    }

    @Post(value = "/set_policy", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> setPolicy(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry sender = authenticator.authenticate(request, body, Set.of(Role.COMMITTEE_LEADER));
        if (!sender.inCommittee(registrations.committee())) {
            throw ApiProblemException.forbidden("leader " + sender.id() + " does not lead committee "
                    + registrations.committee());
        }
        return JsonResponses.ok(policies.set(JsonRequests.parse(body, SetPolicyRequest.class)));
    }

    @Get(value = "/policy/{userId}/{keyId}", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> policy(@PathVariable String userId, @PathVariable String keyId) {
        try {
            WireFields.identifier("userId", userId);
            WireFields.identifier("keyId", keyId);
        } catch (WireFormatException malformed) {
            throw ApiProblemException.badRequest(malformed.getMessage());
        }
        return JsonResponses.ok(policies.view(userId, keyId).orElseThrow(() ->
                ApiProblemException.notFound("no policy is set for key " + keyId + " of user " + userId)));
    }
}
