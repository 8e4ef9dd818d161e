package io.sigil.wire.keygen;

/** One member of the contributor set D (keygen §2.2): the node that contributes for {@code committee}. */
public record Contributor(int committee, String nodeId) {
}
