package io.sigil.node.sync;

/**
 * A replica's catch-up answer that this node refuses (keygen §3.7), naming the replica and why.
 * Nothing of the page it was found in is stored. Holds public facts only.
 */
public final class SyncRefusedException extends Exception {
    /** What was wrong with the answer. */
    public enum Reason {
        /** A field is missing or malformed, or the page is not what was asked for. */
        MALFORMED,
        /** The activation ack set or the user's signed bundle does not prove the record. */
        FORGED_EVIDENCE,
        /** The sealed shard does not open for this node under the sync-share binding. */
        SHARE_UNREADABLE,
        /** The shard fails the Feldman check against the record's commitments. */
        SHARE_INVALID,
        /** The record differs from the one this node already holds under that key id. */
        CONFLICT,
        /** A tombstone without a valid signed deletion by the user, for a key this node holds. */
        FORGED_DELETION
    }

    private final String replica;
    private final Reason reason;

    public SyncRefusedException(String replica, Reason reason, String detail) {
        super("replica " + replica + ": " + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": "
                + detail);
        this.replica = replica;
        this.reason = reason;
    }

    public String replica() {
        return replica;
    }

    public Reason reason() {
        return reason;
    }

    /** The reason as it appears in reports: lower case with dashes. */
    public String reasonName() {
        return reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The message without the replica and reason prefix. */
    public String detail() {
        String prefix = "replica " + replica + ": " + reasonName() + ": ";
        return getMessage().substring(prefix.length());
    }
}
