package io.sigil.node.transport;

/**
 * A peer's envelope that this node refuses. {@link #culprit()} is the node to blame: the peer
 * whose stream carried it when known, otherwise the sender the envelope claims. The message
 * says what is wrong and never quotes payload bytes.
 */
public final class EnvelopeRejectedException extends Exception {
    /** Why an envelope was refused. */
    public enum Reason {
        MALFORMED,
        UNKNOWN_SENDER,
        WRONG_SENDER,
        BAD_SIGNATURE,
        WRONG_SESSION,
        WRONG_RECIPIENT,
        UNDECRYPTABLE
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
