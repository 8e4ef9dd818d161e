package io.sigil.client.discovery;

import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;

import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.wire.NodeView;
import io.sigil.wire.WhoClResponse.CommitteeView;

/**
 * A network as its operators approved it: the current registry of a chain that
 * {@link Discovery} verified against the user's {@link NetworkPin}. Every key and URL the SDK
 * uses (encryption keys, leader URLs, ack keys, manager URLs) comes from here, never from what a
 * node said beside the chain.
 */
public final class TrustedNetwork {
    private final Registry registry;
    private final NetworkPin pin;
    private final UnaryOperator<URI> route;

    private TrustedNetwork(Registry registry, NetworkPin pin, UnaryOperator<URI> route) {
        this.registry = registry;
        this.pin = pin;
        this.route = route;
    }

    static TrustedNetwork of(Registry verified, NetworkPin pin) {
        return new TrustedNetwork(verified, pin, UnaryOperator.identity());
    }

    /**
     * The same network, with every node URL passed through {@code route} before use: for a caller
     * that reaches the nodes at other addresses than the registry's (published container ports, a
     * NAT). The mapping is the caller's own and is applied after verification; keys are untouched,
     * so a route to the wrong place reaches nobody who can open what is sent.
     */
    public TrustedNetwork reachedThrough(UnaryOperator<URI> route) {
        UnaryOperator<URI> before = this.route;
        return new TrustedNetwork(registry, pin, url -> route.apply(before.apply(url)));
    }

    /** The verified registry of the current epoch. */
    public Registry registry() {
        return registry;
    }

    public NetworkPin pin() {
        return pin;
    }

    public String networkId() {
        return registry.networkId();
    }

    public long epoch() {
        return registry.epoch();
    }

    /** The network's default threshold. */
    public int threshold() {
        return registry.threshold();
    }

    /** Every committee with its leaders and signing nodes, keys as pinned, URLs routed. */
    public List<CommitteeView> committees() {
        return registry.committees().stream().map(committee -> new CommitteeView(committee.index(), committee.name(),
                committee.leaders().stream().map(this::view).toList(),
                committee.signingNodes().stream().map(this::view).toList())).toList();
    }

    /** The communication managers, in registry order. */
    public List<NodeView> managers() {
        return registry.managers().stream().map(this::view).toList();
    }

    private NodeView view(NodeEntry node) {
        NodeView pinned = NodeView.of(node);
        return new NodeView(pinned.id(), route.apply(node.url()).toString(), pinned.identityKey(), pinned.encryptionKey());
    }

    @Override
    public String toString() {
        return "TrustedNetwork[" + registry + ", genesis " + pin.registrySha256() + "]";
    }
}
