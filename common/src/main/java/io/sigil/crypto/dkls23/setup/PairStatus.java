package io.sigil.crypto.dkls23.setup;

/** Lifecycle of a node pair's OT state (spec §3.7). */
public enum PairStatus {
    ACTIVE,
    /** Never used again; seeds, Δ and zseed are wiped (spec §8 ban procedure). */
    BANNED,
    /**
     * Out of step with the peer (it holds another generation, the store was restored, or an
     * operator reset the pair): seeds wiped like a ban, but no one is blamed and a new setup with
     * a higher generation may run without approval (spec §1.5, §3.7).
     */
    RETIRED
}
