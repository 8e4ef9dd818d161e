package io.sigil.party;

/**
 * Fewer than {@code t} committees still have a signing node that is not excluded, so no party can
 * be formed. Names the counts and the excluded nodes (ids are public), never anything secret.
 */
public final class NotEnoughCommitteesException extends RuntimeException {
    private final int eligible;
    private final int threshold;

    public NotEnoughCommitteesException(int eligible, int threshold, int excludedCount) {
        super("only " + eligible + " committee(s) have a signing node that is not excluded (" + excludedCount
                + " node(s) excluded); a party needs " + threshold);
        this.eligible = eligible;
        this.threshold = threshold;
    }

    public int eligible() {
        return eligible;
    }

    public int threshold() {
        return threshold;
    }
}
