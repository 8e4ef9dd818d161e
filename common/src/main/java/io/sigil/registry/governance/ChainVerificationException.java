package io.sigil.registry.governance;

/**
 * A registry chain that must not be trusted. {@link #failure()} says what kind of problem it is,
 * {@link #epoch()} at which link, and the message names the culprit (operator, field, hash).
 */
public final class ChainVerificationException extends Exception {
    private final ChainFailure failure;
    private final long epoch;

    public ChainVerificationException(ChainFailure failure, long epoch, String detail) {
        super("registry chain refused (" + failure.name().toLowerCase().replace('_', '-') + ", epoch " + epoch + "): "
                + detail);
        this.failure = failure;
        this.epoch = epoch;
    }

    public ChainFailure failure() {
        return failure;
    }

    /** The epoch of the registry whose link failed. */
    public long epoch() {
        return epoch;
    }
}
