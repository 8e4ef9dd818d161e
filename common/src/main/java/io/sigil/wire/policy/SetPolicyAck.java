package io.sigil.wire.policy;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.SignatureKey;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;

/**
 * A node's signed acknowledgement that it stored version {@code version} of the policy of
 * {@code (user, key)} with hash {@code policyHash}, in force from {@code effectiveAt} (epoch
 * seconds: later than now when a locked policy delays its replacement).
 */
public record SetPolicyAck(String nodeId, String userId, String keyId, int committee, long version,
                           String policyHash, long effectiveAt, String signature) {

    public static byte[] signedMessage(String nodeId, String userId, String keyId, int committee, long version,
                                       byte[] policyHash, long effectiveAt) {
        return Transcript.start("sigil/set-policy-ack/v1")
                .appendString("node", nodeId)
                .appendString("user", userId)
                .appendString("key", keyId)
                .append("committee", Encoding.u32(committee))
                .append("version", Encoding.u64(version))
                .append("policy-hash", policyHash)
                .append("effective-at", Encoding.u64(effectiveAt))
                .digest();
    }

    public boolean isSignedBy(SignatureKey nodeKey) {
        try {
            return nodeKey.verifies(signedMessage(nodeId, userId, keyId, committee, version,
                    WireFields.hex("policyHash", policyHash, 32), effectiveAt), WireFields.hex("signature", signature, 64));
        } catch (WireFormatException | NullPointerException malformed) {
            return false;
        }
    }
}
