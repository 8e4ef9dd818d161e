package io.sigil.node.epoch;

/**
 * Published once this node has switched to {@code epoch} and still signs in it (docs/keygen.md
 * §6.4 "The commit"): what follows the switch without being part of it listens, e.g. replica
 * catch-up, which a node of a committee new in this epoch needs for the tombstones of the others.
 */
public record EpochCommitted(long epoch) {
}
