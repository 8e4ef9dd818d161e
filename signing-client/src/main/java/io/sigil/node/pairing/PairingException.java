package io.sigil.node.pairing;

/** A pairwise setup with {@code peer} that did not complete; the message says why (no secrets). */
public final class PairingException extends Exception {
    private final String peer;

    public PairingException(String peer, String message) {
        super(message);
        this.peer = peer;
    }

    /** The peer the setup was with: the culprit when the failure is its doing. */
    public String peer() {
        return peer;
    }
}
