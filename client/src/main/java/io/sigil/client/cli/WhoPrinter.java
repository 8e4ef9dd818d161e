package io.sigil.client.cli;

import java.io.PrintWriter;

import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.wire.NodeView;
import io.sigil.wire.WhoClResponse;

/** Human-readable discovery output of a verified network, shared by {@code sigil who} and {@code sigil demo}. */
public final class WhoPrinter {
    private WhoPrinter() {
    }

    public static void print(PrintWriter out, TrustedNetwork network) {
        out.printf("network %s, epoch %d: %d committees, default threshold %d (verified against the pin, genesis %s)%n",
                network.networkId(), network.epoch(), network.committees().size(), network.threshold(),
                network.pin().registrySha256());
        for (WhoClResponse.CommitteeView committee : network.committees()) {
            out.printf("committee %d (%s)%n", committee.index(), committee.name());
            committee.leaders().forEach(leader -> line(out, "leader", leader));
            committee.nodes().forEach(node -> line(out, "node", node));
        }
        out.printf("managers (%d)%n", network.managers().size());
        network.managers().forEach(manager -> line(out, "manager", manager));
    }

    private static void line(PrintWriter out, String kind, NodeView node) {
        out.printf("  %-7s %-12s %-24s identity %s%n", kind, node.id(), node.url(), node.identityKey());
    }
}
