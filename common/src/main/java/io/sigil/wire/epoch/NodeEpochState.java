package io.sigil.wire.epoch;

import io.sigil.registry.governance.Approval;

/**
 * {@code GET /v1/epoch} on a signing node: its state ({@code active}, {@code proposed},
 * {@code joining} or {@code retired}, docs/keygen.md §3.2), the epoch it serves, and the open
 * proposal if any: the proposed epoch, its document hash, the registry bytes (base64) and the
 * approval, so that anyone can check the approval against the running registry itself; and the
 * last commit the node applied ({@code committed}, null before any), whose readies let a node that
 * missed that commit apply it too (docs/keygen.md §6.4 "The commit").
 */
public record NodeEpochState(String node, String state, long current, Long proposed, String documentSha256,
                             String registry, Approval approval, EpochCommit committed) {
    public static final String ACTIVE = "active";
    public static final String PROPOSED = "proposed";
    public static final String JOINING = "joining";
    public static final String RETIRED = "retired";
}
