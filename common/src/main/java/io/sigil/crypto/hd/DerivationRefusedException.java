package io.sigil.crypto.hd;

/**
 * A derivation path is refused (keygen §4.2). Carries the typed reason and the position of the
 * offending index; all public.
 */
public final class DerivationRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a path is refused. */
    public enum Reason {
        /** More than {@link DerivationPath#MAX_DEPTH} indices. */
        PATH_TOO_LONG,
        /** An index ≥ 2^31: hardened derivation needs the private key, which nobody holds. */
        HARDENED_INDEX,
        /** {@code δ_ι ≥ q} or {@code K + δ_ι·G = O}: BIP32 skips to the next index; we let the user choose. */
        INVALID_CHILD,
        /** A malformed path text. */
        MALFORMED
    }

    private final Reason reason;
    private final int position;

    public DerivationRefusedException(Reason reason, int position, String detail) {
        super("derivation path refused: " + reason + " at position " + position + ": " + detail, null, false, false);
        this.reason = reason;
        this.position = position;
    }

    public Reason reason() {
        return reason;
    }

    /** Zero-based position of the index at fault (−1 for the path as a whole). */
    public int position() {
        return position;
    }
}
