package io.sigil.wire.epoch;

import io.sigil.registry.governance.EpochDeadline;

/**
 * The body of the operator's {@code POST /v1/epoch/commit} on a manager (docs/keygen.md §6.4):
 * empty (or {@code {}}) to commit with every node's ready, or an operator's signed
 * {@link EpochDeadline} to commit, once it has passed, with a ready from every committee.
 */
public record EpochCommitRequest(EpochDeadline deadline) {
}
