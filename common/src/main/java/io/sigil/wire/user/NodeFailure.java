package io.sigil.wire.user;

/**
 * A node that did not acknowledge a relayed request: the HTTP status it answered (0 when it
 * could not be reached) and its problem detail, so the user can tell what happened where.
 */
public record NodeFailure(String nodeId, int status, String type, String detail) {
    public static final int UNREACHABLE = 0;
}
