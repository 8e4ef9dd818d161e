package io.sigil.node.transport;

/**
 * A publish refused because a subscriber's outbox sequence is full: that peer is not keeping up
 * (or not reading at all). Design §6: the session fails and names it, nothing is dropped.
 */
public final class OutboxOverflowException extends RuntimeException {
    private final String subscriber;

    public OutboxOverflowException(String subscriber, int capacity) {
        super("the outbox of subscriber " + subscriber + " holds its limit of " + capacity
                + " events; it is not keeping up with this session", null, false, false);
        this.subscriber = subscriber;
    }

    /** The lagging peer. */
    public String subscriber() {
        return subscriber;
    }
}
