package io.sigil.node.transport;

/**
 * A peer's envelope that this node refuses. {@link #culprit()} is the node to blame: the peer
 * whose stream carried it when known, otherwise the sender the envelope claims. The message
 * says what is wrong and never quotes payload bytes.
 */
public final class EnvelopeRejectedException extends Exception {
    /** Why an envelope was refused. */
    public enum Reason {
        MALFORMED("malformed"),
        UNKNOWN_SENDER("unknown-sender"),
        /** The claimed sender is a registry node, but not a member of the session's party. */
        NOT_IN_PARTY("not-in-party"),
        WRONG_SENDER("wrong-sender"),
        BAD_SIGNATURE("forged-signature"),
        WRONG_SESSION("wrong-session"),
        WRONG_RECIPIENT("wrong-recipient"),
        UNDECRYPTABLE("undecryptable"),
        /** A pairwise-sealed message out of turn: its counter is not the next of its session's direction. */
        REPLAYED("replayed");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The kebab-case word under which refusals are counted ({@code GET /v1/faults}). */
        public String code() {
            return code;
        }
    }

    private final String culprit;
    private final Reason reason;

    public EnvelopeRejectedException(String culprit, Reason reason, String detail) {
        super("envelope from " + culprit + " rejected (" + reason + "): " + detail, null, false, false);
        this.culprit = culprit;
        this.reason = reason;
    }

    public String culprit() {
        return culprit;
    }

    public Reason reason() {
        return reason;
    }
}
