package io.sigil.wire;

import java.util.List;

import io.sigil.registry.Registry;

/** {@code GET /v1/who_cm}: the communication managers that take sign requests. */
public record WhoCmResponse(String networkId, long epoch, List<NodeView> managers) {

    public static WhoCmResponse of(Registry registry) {
        return new WhoCmResponse(registry.networkId(), registry.epoch(),
                registry.managers().stream().map(NodeView::of).toList());
    }
}
