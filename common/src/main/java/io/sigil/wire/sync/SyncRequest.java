package io.sigil.wire.sync;

/**
 * {@code POST /v1/sync} (keygen §3.7): a replica asks another replica of its committee for the
 * records after {@code cursor} (a store key {@code userId/keyId}; empty or null for the first
 * page), at most {@code limit} of them. Sent as a node-signed request; {@code networkId} and
 * {@code epoch} must be the answering node's, so a request of another network or epoch is refused.
 */
public record SyncRequest(String networkId, long epoch, String cursor, int limit) {
    /** The largest page a node answers; a larger {@code limit} is cut to it. */
    public static final int MAX_LIMIT = 200;
    /** A cursor is a store key: two identifiers and a '/'. */
    public static final int MAX_CURSOR_LENGTH = 300;
}
