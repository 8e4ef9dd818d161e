package io.sigil.crypto.ot;

/**
 * The direction (node pair) is banned, so a check that depends on its long-lived secrets was not
 * evaluated (spec §4.6.3, §8 ban procedure). Carries no secret.
 */
public final class DirectionBannedException extends Exception {

    public DirectionBannedException() {
        super("OT direction is banned; check not evaluated");
    }
}
