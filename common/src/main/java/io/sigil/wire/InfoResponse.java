package io.sigil.wire;

import java.util.List;

/** {@code GET /v1/info} on every service: who this process is and the keys it is pinned to. */
public record InfoResponse(
        String id,
        String service,
        List<String> roles,
        Integer committee,
        String networkId,
        long epoch,
        String identityKey,
        String encryptionKey,
        String version) {
}
