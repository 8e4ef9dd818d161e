package io.sigil.crypto.dkls23;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One member of a signing party: the committee index {@code i} (the Shamir x-coordinate, 1..255)
 * and the registry id of the node that represents that committee (spec §1.5).
 */
public record PartyId(int index, String nodeId) implements Comparable<PartyId> {

    public static final int MAX_INDEX = 255;

    public PartyId {
        if (index < 1 || index > MAX_INDEX) {
            throw new IllegalArgumentException("committee index must be in [1, 255]: " + index);
        }
        Objects.requireNonNull(nodeId, "nodeId");
        if (nodeId.isEmpty()) {
            throw new IllegalArgumentException("empty node id");
        }
    }

    /** The node id as hashed: its UTF-8 bytes (spec §1.5). */
    public byte[] nodeIdBytes() {
        return nodeId.getBytes(StandardCharsets.UTF_8);
    }

    /** Signing parties are ordered by committee index ("P ascending"). */
    @Override
    public int compareTo(PartyId other) {
        return Integer.compare(index, other.index);
    }

    @Override
    public String toString() {
        return index + "@" + nodeId;
    }
}
