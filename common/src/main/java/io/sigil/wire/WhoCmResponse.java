package io.sigil.wire;

import java.util.List;

import io.sigil.registry.Registry;
import io.sigil.registry.governance.RegistryChain;

/**
 * {@code GET /v1/who_cm}: the communication managers that take sign requests, and the registry
 * chain they come from. As with {@link WhoClResponse}, a client takes managers only from the
 * chain it verified against its pin, never from {@code managers}.
 */
public record WhoCmResponse(String networkId, long epoch, List<NodeView> managers, RegistryChain registryChain) {

    public static WhoCmResponse of(Registry registry, RegistryChain chain) {
        return new WhoCmResponse(registry.networkId(), registry.epoch(),
                registry.managers().stream().map(NodeView::of).toList(), chain);
    }
}
