package io.sigil.leader.relay;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sigil.identity.SignatureKey;
import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.leader.epoch.LeaderEpoch;
import io.sigil.registry.Committee;
import io.sigil.registry.NodeEntry;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.Problem;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.policy.SetPolicyAck;
import io.sigil.wire.policy.SetPolicyRelayResponse;
import io.sigil.wire.policy.SetPolicyRequest;
import io.sigil.wire.user.DeleteUserAck;
import io.sigil.wire.user.DeleteUserRelayResponse;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.NewUserRelayResponse;
import io.sigil.wire.user.NodeFailure;
import io.sigil.wire.user.VerifiedNewUser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The leader's endpoints (design §4 new_user step 3; set_policy, docs/policies.md): check the user's request for form (and,
 * for new_user, the account signature, so obvious garbage never reaches the nodes), relay it
 * byte for byte to every node of the committee, and answer with the nodes' signed acks and a
 * failure entry for every node that refused or could not be reached. The leader never sees a
 * shard in the clear: each is sealed to its node. A request naming an epoch after the leader's
 * makes it learn the commit first ({@link LeaderEpoch}); a retired leader relays nothing.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class RelayController {
    private final CommitteeRelay relay;
    private final LocalNode local;
    private final LeaderEpoch epoch;

    RelayController(CommitteeRelay relay, LocalNode local, LeaderEpoch epoch) {
        this.relay = relay;
        this.local = local;
        this.epoch = epoch;
    }

    @Post(value = "/new_user", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> newUser(@Body byte[] body) {
        epoch.refuseIfRetired();
        NewUserBundle bundle = JsonRequests.parse(body, NewUserBundle.class);
        VerifiedNewUser verified;
        try {
            verified = bundle.verify(Instant.now());
            epoch.before(verified.network().epoch());
            NetworkBinding.of(local.registry()).require(verified.network().networkId(), verified.network().epoch());
        } catch (WireFormatException malformed) {
            throw ApiProblemException.badRequest("new_user bundle: " + malformed.getMessage());
        }
        Committee committee = relay.committee();
        if (verified.committee() != committee.index()) {
            throw ApiProblemException.badRequest("this leader relays to committee " + committee.index()
                    + "; the bundle is for committee " + verified.committee());
        }
        if (verified.threshold() > local.registry().committeeCount()) {
            throw ApiProblemException.badRequest("threshold " + verified.threshold() + " exceeds the "
                    + local.registry().committeeCount() + " committees of this network");
        }
        Set<String> expected = new TreeSet<>(committee.signingNodes().stream().map(NodeEntry::id).toList());
        if (!expected.equals(new TreeSet<>(verified.ciphertexts().keySet()))) {
            throw ApiProblemException.badRequest("the bundle must hold exactly one shard for each node of committee "
                    + committee.index() + " " + expected + "; it holds " + new TreeSet<>(verified.ciphertexts().keySet()));
        }
        Collected<NewUserAck> collected = collect(relay.relay("/v1/new_user", node -> body), NewUserAck.class,
                (ack, node) -> ack.isSignedBy(signatureKey(node)) && ack.nodeId().equals(node.id()));
        return JsonResponses.ok(new NewUserRelayResponse(committee.index(), local.id(), collected.acks, collected.failures));
    }

    @Post(value = "/delete_user", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> deleteUser(@Body byte[] body) {
        epoch.refuseIfRetired();
        DeleteUserRequest request = JsonRequests.parse(body, DeleteUserRequest.class);
        try {
            request.checkForm(Instant.now());
            epoch.before(request.epoch());
            NetworkBinding.of(local.registry()).require(request.networkId(), request.epoch());
        } catch (WireFormatException malformed) {
            throw ApiProblemException.badRequest("delete_user: " + malformed.getMessage());
        }
        Collected<DeleteUserAck> collected = collect(relay.relay("/v1/delete_user", node -> body), DeleteUserAck.class,
                (ack, node) -> ack.isSignedBy(signatureKey(node)) && ack.nodeId().equals(node.id()));
        return JsonResponses.ok(new DeleteUserRelayResponse(relay.committee().index(), local.id(), collected.acks,
                collected.failures));
    }

    @Post(value = "/set_policy", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> setPolicy(@Body byte[] body) {
        epoch.refuseIfRetired();
        SetPolicyRequest request = JsonRequests.parse(body, SetPolicyRequest.class);
        try {
            request.checkForm(Instant.now());
        } catch (WireFormatException malformed) {
            throw ApiProblemException.badRequest("set_policy: " + malformed.getMessage());
        }
        Collected<SetPolicyAck> collected = collect(relay.relay("/v1/set_policy", node -> body), SetPolicyAck.class,
                (ack, node) -> ack.isSignedBy(signatureKey(node)) && ack.nodeId().equals(node.id()));
        return JsonResponses.ok(new SetPolicyRelayResponse(relay.committee().index(), local.id(), collected.acks,
                collected.failures));
    }

    private record Collected<A>(List<A> acks, List<NodeFailure> failures) {
    }

    @FunctionalInterface
    private interface AckCheck<A> {
        boolean holds(A ack, NodeEntry node);
    }

    private static <A> Collected<A> collect(List<CommitteeRelay.NodeAnswer> answers, Class<A> type, AckCheck<A> check) {
        List<A> acks = new ArrayList<>();
        List<NodeFailure> failures = new ArrayList<>();
        for (CommitteeRelay.NodeAnswer answer : answers) {
            if (!answer.succeeded()) {
                failures.add(answer.failure());
                continue;
            }
            try {
                A ack = Json.read(answer.body(), type);
                if (check.holds(ack, answer.node())) {
                    acks.add(ack);
                    continue;
                }
            } catch (JsonFormatException malformed) {
                // reported below like a bad signature: the node answered something unusable
            }
            failures.add(new NodeFailure(answer.node().id(), 502, Problem.TYPE_PREFIX + "bad-ack",
                    "node " + answer.node().id() + " answered an acknowledgement that is not signed by its pinned key"));
        }
        return new Collected<>(acks, failures);
    }

    private static SignatureKey signatureKey(NodeEntry node) {
        return SignatureKey.of(node.identityKey());
    }
}
