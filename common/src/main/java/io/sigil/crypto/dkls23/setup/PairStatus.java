package io.sigil.crypto.dkls23.setup;

/** Lifecycle of a node pair's OT state (spec §3.7). */
public enum PairStatus {
    ACTIVE,
    /** Never used again; seeds, Δ and zseed are wiped (spec §8 ban procedure). */
    BANNED
}
