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
 * {@link NodeRequestSignature} headers must name a registry node, carry a time within
 * {@link #MAX_SKEW_MILLIS} of ours, and a signature by that node's pinned identity key over this
 * method, path, time and body. Unsigned or badly signed requests get {@code 401}; a registered
 * node in the wrong role gets {@code 403}.
 */
@Singleton
public final class NodeRequestAuthenticator {
    public static final long MAX_SKEW_MILLIS = 60_000;

    private final LocalNode local;
    private final FaultCounters counters;
    private final Clock clock;
    private final Map<String, PeerKeys> keys = new ConcurrentHashMap<>();

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
        String signature = request.getHeaders().get(NodeRequestSignature.SIGNATURE_HEADER);
        if (nodeId == null || timestamp == null || signature == null) {
            throw ApiProblemException.unauthorized("this endpoint takes only requests signed by a registered node ("
                    + NodeRequestSignature.NODE_HEADER + ", " + NodeRequestSignature.TIMESTAMP_HEADER + ", "
                    + NodeRequestSignature.SIGNATURE_HEADER + " headers)");
        }
        NodeEntry sender = local.registry().node(nodeId).orElseThrow(() ->
                ApiProblemException.unauthorized("node '" + WireFields.printable(nodeId) + "' is not in the registry"));
        long signedAt;
        try {
            signedAt = Long.parseLong(timestamp);
        } catch (NumberFormatException malformed) {
            throw ApiProblemException.unauthorized(NodeRequestSignature.TIMESTAMP_HEADER + " is not a number of milliseconds");
        }
        if (Math.abs(clock.millis() - signedAt) > MAX_SKEW_MILLIS) {
            throw ApiProblemException.unauthorized("the request was signed more than " + MAX_SKEW_MILLIS / 1000
                    + " s away from this node's clock");
        }
        byte[] signatureBytes;
        try {
            signatureBytes = WireFields.base64(NodeRequestSignature.SIGNATURE_HEADER, signature, 64);
        } catch (WireFormatException malformed) {
            throw ApiProblemException.unauthorized(malformed.getMessage());
        }
        String path = request.getUri().getRawPath() + (request.getUri().getRawQuery() == null ? "" : "?" + request.getUri().getRawQuery());
        byte[] message = NodeRequestSignature.signedMessage(request.getMethodName(), path, nodeId, signedAt, body);
        PeerKeys peer = keys.computeIfAbsent(nodeId, id -> PeerKeys.of(sender));
        if (!peer.verifies(message, signatureBytes)) {
            throw ApiProblemException.unauthorized("the signature is not node " + nodeId + "'s over this request");
        }
        if (roles.stream().noneMatch(sender::hasRole)) {
            throw ApiProblemException.forbidden("node " + nodeId + " holds the roles " + sender.roles()
                    + "; this endpoint takes requests only from " + roles);
        }
        return sender;
    }
}
