package io.sigil.wire.sync;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.LifecycleHash;
import java.nio.charset.StandardCharsets;

/**
 * The HPKE context info of a shard one replica seals to another in catch-up (keygen §3.7):
 * {@code H("sync-share"; networkId, u64(epoch), userId, keyId, N_from, N_to)}. A sealed shard
 * moved to another key, another requester, another sender, network or epoch does not open.
 */
public final class SyncShareBinding {
    private SyncShareBinding() {
    }

    public static byte[] contextInfo(String networkId, long epoch, String userId, String keyId, String fromNode,
                                     String toNode) {
        return LifecycleHash.h("sync-share", utf8(networkId), Encoding.u64(epoch), utf8(userId), utf8(keyId),
                utf8(fromNode), utf8(toNode));
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
