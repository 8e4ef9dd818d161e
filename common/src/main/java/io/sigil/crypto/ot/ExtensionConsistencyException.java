package io.sigil.crypto.ot;

/**
 * The KOS consistency check (spec §4.3.3) failed: Bob used inconsistent choice bits or a
 * malformed extension. Culprit Bob; the pair MUST be banned (abort row 5). Deliberately carries
 * no detail (not even the failing row, which would be a function of Δ).
 */
public final class ExtensionConsistencyException extends Exception {

    public ExtensionConsistencyException() {
        super("OT extension consistency check failed");
    }
}
