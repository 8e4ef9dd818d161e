package io.sigil.service.auth;

import io.micronaut.http.HttpRequest;
import io.sigil.identity.PeerKeys;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.auth.NodeRequestSignature;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a request comes from a registered node in an allowed role (design §7): the
 * {@link NodeRequestSignature} headers must name a registry node, carry a time at most
 * {@link #MAX_AGE_MILLIS} behind ours and {@link #MAX_FUTURE_MILLIS} ahead, and a signature by
 * that node's pinned identity key over this method, path, <em>this node as the target</em>, time,
 * nonce and body; a signature accepted once is refused for the rest of the window (replay).
 * Unsigned, badly signed or replayed requests get {@code 401}; a registered node in the wrong
 * role gets {@code 403}.
 */
@Singleton
public final class NodeRequestAuthenticator {
    /** How old a signed request may be (clock skew plus transit). */
    public static final long MAX_AGE_MILLIS = 60_000;
    /** How far ahead of our clock a signing time may lie: only a small skew, so nothing is pre-signed. */
    public static final long MAX_FUTURE_MILLIS = 5_000;
    /** The one route a retired node still answers: a manager may send the commit it already applied again. */
    static final String COMMIT_ROUTE = "/v1/epoch/commit";
    static final long RETIRED_RETRY_AFTER_SECONDS = 3600;

    private final LocalNode local;
    private final FaultCounters counters;
    private final Clock clock;
    private final Map<String, PeerKeys> keys = new ConcurrentHashMap<>();
    private final ReplayCache replays = new ReplayCache(MAX_AGE_MILLIS + MAX_FUTURE_MILLIS);

    @Inject
    NodeRequestAuthenticator(LocalNode local, FaultCounters counters) {
        this(local, counters, Clock.systemUTC());
    }

    NodeRequestAuthenticator(LocalNode local, FaultCounters counters, Clock clock) {
        this.local = local;
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * {@code 503 node-retired}: what a service a committed registry left out (docs/keygen.md §3.2)
     * answers to every request but a repeated commit: a node, or a leader of a removed committee.
     */
    public static ApiProblemException retired(LocalNode local) {
        return ApiProblemException.retryLater("node-retired", "Node retired", "node " + local.id()
                + " is retired: a committed epoch change left it out, and it holds no shard",
                RETIRED_RETRY_AFTER_SECONDS);
    }

    /**
     * The registry entry of the node that signed {@code request}, which holds one of {@code roles}.
     * Every refusal is counted as {@code node-request/unauthorized} or {@code node-request/forbidden}.
     */
    public NodeEntry authenticate(HttpRequest<?> request, byte[] body, Set<Role> roles) {
        try {
            return check(request, body, roles);
        } catch (ApiProblemException refused) {
            counters.refused("node-request", refused.status().getCode() == 403 ? "forbidden" : "unauthorized");
            throw refused;
        }
    }

    private NodeEntry check(HttpRequest<?> request, byte[] body, Set<Role> roles) {
        String nodeId = request.getHeaders().get(NodeRequestSignature.NODE_HEADER);
        String timestamp = request.getHeaders().get(NodeRequestSignature.TIMESTAMP_HEADER);
        String nonce = request.getHeaders().get(NodeRequestSignature.NONCE_HEADER);
        String signature = request.getHeaders().get(NodeRequestSignature.SIGNATURE_HEADER);
        if (nodeId == null || timestamp == null || nonce == null || signature == null) {
            throw ApiProblemException.unauthorized("this endpoint takes only requests signed by a registered node ("
                    + NodeRequestSignature.NODE_HEADER + ", " + NodeRequestSignature.TIMESTAMP_HEADER + ", "
                    + NodeRequestSignature.NONCE_HEADER + ", " + NodeRequestSignature.SIGNATURE_HEADER + " headers)");
        }
        NodeEntry sender = local.registry().node(nodeId).orElseThrow(() ->
                ApiProblemException.unauthorized("node '" + WireFields.printable(nodeId) + "' is not in the registry"));
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp);
        } catch (NumberFormatException malformed) {
            throw ApiProblemException.unauthorized(NodeRequestSignature.TIMESTAMP_HEADER + " is not a number of milliseconds");
        }
        long now = clock.millis();
        if (signedAt < now - MAX_AGE_MILLIS) {
            throw ApiProblemException.unauthorized("the request was signed more than " + MAX_AGE_MILLIS / 1000
                    + " s ago");
        }
        if (signedAt > now + MAX_FUTURE_MILLIS) {
            throw ApiProblemException.unauthorized("the request is signed for a time more than " + MAX_FUTURE_MILLIS
                    + " ms ahead of this node's clock");
        }
        byte[] signatureBytes;
        byte[] nonceBytes;
        try {
            signatureBytes = WireFields.base64(NodeRequestSignature.SIGNATURE_HEADER, signature, 64);
            nonceBytes = WireFields.hex(NodeRequestSignature.NONCE_HEADER, nonce, NodeRequestSignature.NONCE_LENGTH);
        } catch (WireFormatException malformed) {
            throw ApiProblemException.unauthorized(malformed.getMessage());
        }
        String path = request.getUri().getRawPath() + (request.getUri().getRawQuery() == null ? "" : "?" + request.getUri().getRawQuery());
        byte[] message = NodeRequestSignature.signedMessage(request.getMethodName(), path, nodeId, local.id(), signedAt,
                nonceBytes, body);
        // keyed by id and key: a registry committed later may give an id other keys
        PeerKeys peer = keys.computeIfAbsent(nodeId + "/" + sender.identityKey().toHex(), id -> PeerKeys.of(sender));
        if (!peer.verifies(message, signatureBytes)) {
            throw ApiProblemException.unauthorized("the signature is not node " + nodeId + "'s over this request to node "
                    + local.id());
        }
        if (!replays.firstUse(signatureBytes, signedAt, now)) {
            throw ApiProblemException.unauthorized("node " + nodeId + "'s request signed at " + signedAt
                    + " was already accepted once (a replay)");
        }
        if (local.retired() && !COMMIT_ROUTE.equals(request.getUri().getRawPath())) {
            // a node a committed registry left out holds no shard: it does no protocol work (docs/keygen.md §3.2)
            throw retired(local);
        }
        if (roles.stream().noneMatch(sender::hasRole)) {
            throw ApiProblemException.forbidden("node " + nodeId + " holds the roles " + sender.roles()
                    + "; this endpoint takes requests only from " + roles);
        }
        return sender;
    }
}
