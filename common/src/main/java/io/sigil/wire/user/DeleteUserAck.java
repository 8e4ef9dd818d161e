package io.sigil.wire.user;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.SignatureKey;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;

/**
 * A node's signed acknowledgement that it holds no shard of {@code (user, key)} from now on: it
 * erased its shard, or it never held one and keeps the user's deletion as a tombstone so that
 * replica catch-up cannot bring the key back (docs/keygen.md §6.3). Bound to the deletion's
 * {@code nonce}, so it answers this very request.
 */
public record DeleteUserAck(String nodeId, String userId, String keyId, int committee, String nonce, String signature) {

    public static byte[] signedMessage(String nodeId, String userId, String keyId, int committee, byte[] nonce) {
        return Transcript.start("sigil/delete-user-ack/v2")
                .appendString("node", nodeId)
                .appendString("user", userId)
                .appendString("key", keyId)
                .append("committee", Encoding.u32(committee))
                .append("nonce", nonce)
                .digest();
    }

    public boolean isSignedBy(SignatureKey nodeKey) {
        try {
            return nodeKey.verifies(signedMessage(nodeId, userId, keyId, committee, WireFields.hex("nonce", nonce, 16)),
                    WireFields.hex("signature", signature, 64));
        } catch (WireFormatException | NullPointerException malformed) {
            return false;
        }
    }
}
