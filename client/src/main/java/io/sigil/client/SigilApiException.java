package io.sigil.client;

import io.sigil.wire.Problem;

/** A Sigil service refused a request or could not be reached; the message says which and why. */
public final class SigilApiException extends Exception {
    private final int status;
    private final Problem problem;

    public SigilApiException(String message, int status, Problem problem) {
        super(message);
        this.status = status;
        this.problem = problem;
    }

    public SigilApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.problem = null;
    }

    /** HTTP status, or 0 when the service could not be reached. */
    public int status() {
        return status;
    }

    /** The problem+json body the service answered with, when it did. */
    public Problem problem() {
        return problem;
    }
}
