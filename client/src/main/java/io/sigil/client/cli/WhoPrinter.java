package io.sigil.client.cli;

import java.io.PrintWriter;

import io.sigil.wire.NodeView;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WhoCmResponse;

/** Human-readable discovery output, shared by {@code sigil who} and {@code sigil demo}. */
public final class WhoPrinter {
    private WhoPrinter() {
    }

    public static void print(PrintWriter out, WhoClResponse committees, WhoCmResponse managers) {
        out.printf("network %s, epoch %d: %d committees, default threshold %d%n", committees.networkId(),
                committees.epoch(), committees.n(), committees.threshold());
        for (WhoClResponse.CommitteeView committee : committees.committees()) {
            out.printf("committee %d (%s)%n", committee.index(), committee.name());
            committee.leaders().forEach(leader -> line(out, "leader", leader));
            committee.nodes().forEach(node -> line(out, "node", node));
        }
        out.printf("managers (%d)%n", managers.managers().size());
        managers.managers().forEach(manager -> line(out, "manager", manager));
    }

    private static void line(PrintWriter out, String kind, NodeView node) {
        out.printf("  %-7s %-12s %-24s identity %s%n", kind, node.id(), node.url(), node.identityKey());
    }
}
