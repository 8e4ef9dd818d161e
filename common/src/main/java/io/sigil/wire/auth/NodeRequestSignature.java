package io.sigil.wire.auth;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.NodeIdentity;
import io.sigil.wire.WireFields;
import java.util.Map;

/**
 * How one node authenticates an HTTP request to another (design §7: every node-to-node call is
 * signed by the sender's identity key and checked against the registry). Three headers: the
 * sender's node id, the time of signing in epoch milliseconds, and the Ed25519 signature over
 * method, path with query, sender, time and body. The receiver allows a bounded clock skew.
 */
public final class NodeRequestSignature {
    public static final String NODE_HEADER = "Sigil-Node";
    public static final String TIMESTAMP_HEADER = "Sigil-Timestamp";
    public static final String SIGNATURE_HEADER = "Sigil-Signature";

    private NodeRequestSignature() {
    }

    public static byte[] signedMessage(String method, String pathAndQuery, String nodeId, long timestampMillis, byte[] body) {
        return Transcript.start("sigil/node-request/v1")
                .appendString("method", method)
                .appendString("path", pathAndQuery)
                .appendString("node", nodeId)
                .append("timestamp", Encoding.u64(timestampMillis))
                .append("body", body)
                .digest();
    }

    /** The three headers for a request {@code identity} (node {@code nodeId}) sends now. */
    public static Map<String, String> headers(NodeIdentity identity, String nodeId, String method, String pathAndQuery,
                                              byte[] body, long nowMillis) {
        byte[] signature = identity.sign(signedMessage(method, pathAndQuery, nodeId, nowMillis, body));
        return Map.of(NODE_HEADER, nodeId,
                TIMESTAMP_HEADER, Long.toString(nowMillis),
                SIGNATURE_HEADER, WireFields.toBase64(signature));
    }
}
