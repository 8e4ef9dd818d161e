package io.sigil.crypto.hd;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hash.LifecycleHash;
import java.nio.charset.StandardCharsets;

/**
 * The chain code of a key registered before keys carried one (keygen §4.1):
 * {@code cc = H("legacy-chain-code"; userId, keyId, PK)}. Public and deterministic, so the client,
 * the manager and every node derive the same children without any stored value.
 */
public final class LegacyChainCode {

    private LegacyChainCode() {
    }

    public static byte[] of(String userId, String keyId, Point publicKey) {
        return LifecycleHash.h("legacy-chain-code", userId.getBytes(StandardCharsets.UTF_8),
                keyId.getBytes(StandardCharsets.UTF_8), publicKey.encode());
    }
}
