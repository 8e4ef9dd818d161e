package io.sigil.wire.sync;

/**
 * {@code POST /v1/sync} (keygen §3.7): a replica asks another replica of its committee for the
 * records after {@code cursor} (a store key {@code userId/keyId}; empty or null for the first
 * page), at most {@code limit} of them. Sent as a node-signed request; {@code networkId} and
 * {@code epoch} must be the answering node's, so a request of another network or epoch is refused.
 * {@code tombstonesOnly} (optional, default false) asks for tombstones alone: any signing node of
 * the epoch may ask that of any other (a deletion is the user's signed, public statement, and a node
 * of a committee new in this epoch has no replica that saw it), and the page holds no key.
 */
public record SyncRequest(String networkId, long epoch, String cursor, int limit, Boolean tombstonesOnly) {
    /** A request for keys and tombstones, from a replica of the same committee. */
    public SyncRequest(String networkId, long epoch, String cursor, int limit) {
        this(networkId, epoch, cursor, limit, null);
    }

    public boolean onlyTombstones() {
        return Boolean.TRUE.equals(tombstonesOnly);
    }

    /** The largest page a node answers; a larger {@code limit} is cut to it. */
    public static final int MAX_LIMIT = 200;
    /** A cursor is a store key: two identifiers and a '/'. */
    public static final int MAX_CURSOR_LENGTH = 300;
}
