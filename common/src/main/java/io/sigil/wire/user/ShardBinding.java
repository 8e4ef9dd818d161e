package io.sigil.wire.user;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;

/**
 * The HPKE context info of a shard ciphertext: binds it to one user, key, committee and node, so
 * a leader cannot move a ciphertext to another node, key or user — it would not decrypt.
 */
public final class ShardBinding {
    private ShardBinding() {
    }

    public static byte[] contextInfo(String userId, String keyId, int committee, String nodeId) {
        return Transcript.start("sigil/shard/v1")
                .appendString("user", userId)
                .appendString("key", keyId)
                .append("committee", Encoding.u32(committee))
                .appendString("node", nodeId)
                .digest();
    }
}
