package io.sigil.wire;

import java.util.List;

/**
 * {@code GET /v1/info} on every service: who this process is and the keys it is pinned to. On a
 * signing node {@code epochState} is {@code active}, {@code proposed}, {@code joining} or
 * {@code retired} and {@code proposedEpoch} the epoch of an open proposal (docs/keygen.md §3.2);
 * both are null on leaders and managers.
 */
public record InfoResponse(
        String id,
        String service,
        List<String> roles,
        Integer committee,
        String networkId,
        long epoch,
        String identityKey,
        String encryptionKey,
        String version,
        String epochState,
        Long proposedEpoch) {
}
