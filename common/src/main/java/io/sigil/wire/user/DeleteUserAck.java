package io.sigil.wire.user;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.SignatureKey;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;

/** A node's signed acknowledgement that it erased its shard of {@code (user, key)}. */
public record DeleteUserAck(String nodeId, String userId, String keyId, int committee, String signature) {

    public static byte[] signedMessage(String nodeId, String userId, String keyId, int committee) {
        return Transcript.start("sigil/delete-user-ack/v1")
                .appendString("node", nodeId)
                .appendString("user", userId)
                .appendString("key", keyId)
                .append("committee", Encoding.u32(committee))
                .digest();
    }

    public boolean isSignedBy(SignatureKey nodeKey) {
        try {
            return nodeKey.verifies(signedMessage(nodeId, userId, keyId, committee),
                    WireFields.hex("signature", signature, 64));
        } catch (WireFormatException | NullPointerException malformed) {
            return false;
        }
    }
}
