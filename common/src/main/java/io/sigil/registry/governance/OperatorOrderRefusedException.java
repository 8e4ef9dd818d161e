package io.sigil.registry.governance;

/**
 * Why an operator's order about the next epoch's proposal ({@link EpochAbort}, {@link EpochDeadline})
 * is refused; {@link #reason()} is a stable slug for answers, the message says what was wrong.
 */
public final class OperatorOrderRefusedException extends Exception {
    private final String reason;

    OperatorOrderRefusedException(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
