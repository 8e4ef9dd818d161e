package io.sigil.wire.io;

import java.io.IOException;

/**
 * An answer body or a line of a stream was longer than its bound: the sender is misbehaving (or
 * attacking the reader's memory). It is an {@link IOException} so that no caller can mistake it
 * for a usable answer; callers that talk to peers report it as an invalid message of that peer.
 */
public final class OversizedInputException extends IOException {
    private final long limit;

    public OversizedInputException(String what, long limit) {
        super(what + " is longer than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /**
     * The oversize failure behind {@code failure}, if it is one: the JDK client wraps a body
     * handler's exception in a new {@link IOException}, so the cause chain is searched.
     */
    public static java.util.Optional<OversizedInputException> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OversizedInputException oversized) {
                return java.util.Optional.of(oversized);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return java.util.Optional.empty();
    }
}
