package io.sigil.wire.auth;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.NodeIdentity;
import io.sigil.wire.WireFields;
import java.security.SecureRandom;
import java.util.Map;

/**
 * How one node authenticates an HTTP request to another (design §7: every node-to-node call is
 * signed by the sender's identity key and checked against the registry). Four headers: the
 * sender's node id, the time of signing in epoch milliseconds, a fresh 16-byte nonce, and the
 * Ed25519 signature over method, path with query, sender, <em>target</em> node id, time, nonce and
 * body. The target binding means a request captured on its way to one node is refused by every
 * other; the nonce makes every request distinct, so the receiver can refuse a replay within its
 * time window (it keeps the signatures it accepted until they fall out of the window).
 */
public final class NodeRequestSignature {
    public static final String NODE_HEADER = "Sigil-Node";
    public static final String TIMESTAMP_HEADER = "Sigil-Timestamp";
    public static final String NONCE_HEADER = "Sigil-Nonce";
    public static final String SIGNATURE_HEADER = "Sigil-Signature";
    public static final int NONCE_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private NodeRequestSignature() {
    }

    public static byte[] signedMessage(String method, String pathAndQuery, String nodeId, String targetNodeId,
                                       long timestampMillis, byte[] nonce, byte[] body) {
        return Transcript.start("sigil/node-request/v2")
                .appendString("method", method)
                .appendString("path", pathAndQuery)
                .appendString("node", nodeId)
                .appendString("target", targetNodeId)
                .append("timestamp", Encoding.u64(timestampMillis))
                .append("nonce", nonce)
                .append("body", body)
                .digest();
    }

    /** The four headers for a request {@code identity} (node {@code nodeId}) sends now to node {@code targetNodeId}. */
    public static Map<String, String> headers(NodeIdentity identity, String nodeId, String targetNodeId, String method,
                                              String pathAndQuery, byte[] body, long nowMillis) {
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        byte[] signature = identity.sign(signedMessage(method, pathAndQuery, nodeId, targetNodeId, nowMillis, nonce, body));
        return Map.of(NODE_HEADER, nodeId,
                TIMESTAMP_HEADER, Long.toString(nowMillis),
                NONCE_HEADER, WireFields.toHex(nonce),
                SIGNATURE_HEADER, WireFields.toBase64(signature));
    }
}
