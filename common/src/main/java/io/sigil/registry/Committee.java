package io.sigil.registry;

import java.util.List;

/**
 * A committee (signing group) as the registry describes it: its index (the Shamir
 * x-coordinate, 1..n), the signing nodes that all hold its shard, and its leader(s).
 */
public record Committee(int index, String name, List<NodeEntry> signingNodes, List<NodeEntry> leaders) {

    public Committee {
        signingNodes = List.copyOf(signingNodes);
        leaders = List.copyOf(leaders);
    }
}
