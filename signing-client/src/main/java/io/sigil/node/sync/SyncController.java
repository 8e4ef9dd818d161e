package io.sigil.node.sync;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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
import io.sigil.service.limits.TokenBuckets;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.sync.SyncRequest;
import java.time.Clock;
import java.util.Set;

/**
 * Replica catch-up routes (keygen §3.7). {@code POST /v1/sync}: a page of this node's keys and
 * tombstones for another signing replica of its committee (node-signed; anyone else gets
 * {@code 403 sync-refused}; each replica may ask {@code sigil.sync.pages-per-minute} pages a minute,
 * burst {@code sigil.sync.page-burst}, then {@code 429}). {@code POST /v1/sync/run} and
 * {@code /v1/sync/status} ({@code sigil node sync}): the operator starts a run and follows it; like
 * {@code /v1/pairing/reset} they take only requests signed with this node's OWN identity key. A
 * joining node (docs/keygen.md §6.4) holds no keys of the running epoch: it neither serves nor
 * runs catch-up ({@code 503 node-joining}).
 */
@Controller("/v1/sync")
@ExecuteOn(TaskExecutors.BLOCKING)
final class SyncController {
    static final String PATH = "/v1/sync";

    private final LocalNode local;
    private final NodeRequestAuthenticator authenticator;
    private final SyncSource source;
    private final ReplicaSync sync;
    private final TokenBuckets pages;
    private final NodeEpoch epoch;

    SyncController(LocalNode local, NodeRequestAuthenticator authenticator, SyncSource source, ReplicaSync sync,
                   NodeEpoch epoch,
                   @Value("${sigil.sync.pages-per-minute:600}") int perMinute,
                   @Value("${sigil.sync.page-burst:60}") int burst) {
        this.local = local;
        this.authenticator = authenticator;
        this.source = source;
        this.sync = sync;
        this.epoch = epoch;
        this.pages = new TokenBuckets(perMinute, burst, Clock.systemUTC());
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> page(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry sender = authenticator.authenticate(request, body, Set.of(Role.SIGNING_CLIENT));
        SyncRequest asked = JsonRequests.parse(body, SyncRequest.class);
        source.requireReplica(sender, asked.onlyTombstones());
        epoch.refuseUnlessServing("replica catch-up"); // a joining node holds no keys of the running epoch
        if (!pages.tryTake(sender.id())) {
            throw ApiProblemException.tooManyRequests("sync-rate-limited", "replica " + sender.id()
                    + " asked for more catch-up pages than it may for now", pages.retryAfterSeconds());
        }
        return JsonResponses.ok(source.page(sender, asked));
    }

    @Post(value = "/run", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> run(HttpRequest<?> request, @Body byte[] body) {
        fromOperator(request, body);
        epoch.refuseUnlessServing("replica catch-up");
        return JsonResponses.status(HttpStatus.ACCEPTED, sync.start("operator"));
    }

    @Post(value = "/status", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> status(HttpRequest<?> request, @Body byte[] body) {
        fromOperator(request, body);
        return JsonResponses.ok(sync.status());
    }

    private void fromOperator(HttpRequest<?> request, byte[] body) {
        NodeEntry signer = authenticator.authenticate(request, body, Set.of(Role.SIGNING_CLIENT));
        if (!signer.id().equals(local.id())) {
            throw ApiProblemException.forbidden("only this node's operator runs its catch-up: sign with node "
                    + local.id() + "'s own identity key");
        }
    }
}
