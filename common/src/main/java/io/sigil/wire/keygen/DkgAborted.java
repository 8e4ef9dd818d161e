package io.sigil.wire.keygen;

/**
 * A node's answer to {@code /v1/dkg/abort}: whether it deleted a PENDING record of the request
 * ({@code false} when it held none, or only an ACTIVE key or another request's record, which it
 * keeps). Unsigned on purpose: the manager acts on neither value (docs/keygen.md §6.1).
 */
public record DkgAborted(String nodeId, String requestId, boolean deleted) {
}
