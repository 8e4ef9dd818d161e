package io.sigil.wire.user;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.SignatureKey;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;

/**
 * A node's signed acknowledgement that it verified and stored its shard of {@code (user, key)}
 * for {@code committee}, under the commitments whose hash is {@code commitmentsHash}. The user
 * compares the hashes across every node of every committee (the verification game).
 */
public record NewUserAck(String nodeId, String userId, String keyId, int committee, String commitmentsHash,
                         String signature) {

    public static byte[] signedMessage(String nodeId, String userId, String keyId, int committee, byte[] commitmentsHash) {
        return Transcript.start("sigil/new-user-ack/v1")
                .appendString("node", nodeId)
                .appendString("user", userId)
                .appendString("key", keyId)
                .append("committee", Encoding.u32(committee))
                .append("commitments", commitmentsHash)
                .digest();
    }

    /** True when the ack is well formed and signed by {@code nodeKey}. */
    public boolean isSignedBy(SignatureKey nodeKey) {
        try {
            byte[] message = signedMessage(nodeId, userId, keyId, committee, WireFields.hex("commitmentsHash", commitmentsHash, 32));
            return nodeKey.verifies(message, WireFields.hex("signature", signature, 64));
        } catch (WireFormatException | NullPointerException malformed) {
            return false;
        }
    }
}
