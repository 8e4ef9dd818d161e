package io.sigil.manager.signing;

import jakarta.inject.Singleton;

/**
 * How many sign requests this manager is driving now: what the epoch change's reshare pacing
 * (docs/keygen.md §6.4 "Pacing") yields to.
 */
@Singleton
public final class SigningLoad {
    private final PendingLimits limits;

    SigningLoad(PendingLimits limits) {
        this.limits = limits;
    }

    /** Sign requests accepted and not yet final at this manager. */
    public int pending() {
        return limits.total();
    }
}
