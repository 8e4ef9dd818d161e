package io.sigil.crypto.ot;

/**
 * The peer's base-OT message failed a check of spec §3.3 (abort row 14: setup RETRY, nothing
 * stored). The culprit is always the peer that sent the checked message. Carries no secret.
 */
public final class BaseOtException extends Exception {

    /** Which check failed. */
    public enum Reason {
        /** Bob's {@code σ_Z·G == K + c·Z} failed (checked by Alice; culprit Bob). */
        SCHNORR_PROOF_INVALID,
        /** An OR-proof of some instance failed (checked by Bob; culprit Alice). */
        OR_PROOF_INVALID,
        /** A point is the point at infinity, or {@code V_k = h_k} (culprit the sender). */
        INVALID_POINT,
        /** Wrong number of instances or a field of the wrong size (culprit the sender). */
        WRONG_SIZE
    }

    private final Reason reason;
    private final int instance;

    BaseOtException(Reason reason, int instance) {
        super(instance < 0 ? "base OT check failed: " + reason
                : "base OT check failed: " + reason + " at instance " + instance);
        this.reason = reason;
        this.instance = instance;
    }

    public Reason reason() {
        return reason;
    }

    /** Index {@code k} of the failing instance, or -1 when the failure is not per instance. */
    public int instance() {
        return instance;
    }
}
