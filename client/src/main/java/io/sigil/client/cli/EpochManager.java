package io.sigil.client.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;

import io.sigil.client.SigilHttp;
import io.sigil.json.Json;
import io.sigil.wire.NodeView;
import io.sigil.wire.epoch.EpochStatus;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code sigil network update|status|abort} share: the manager to talk to (the first manager
 * of the network's registry, verified against the pin, unless {@code --manager} names one) and the
 * printing of its {@code GET /v1/epoch} answer.
 */
final class EpochManager {
    @Mixin
    NetworkOption network;

    @Option(names = "--manager", paramLabel = "URL", description = "The manager to use (default: the first manager of the network).")
    String manager;

    @Option(names = "--json", description = "Print the manager's answer as one JSON object.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30", description = "HTTP timeout (default 30).")
    int timeoutSeconds;

    SigilHttp http() {
        Timeouts.check(timeoutSeconds);
        return network.http(Duration.ofSeconds(timeoutSeconds));
    }

    URI manager(SigilHttp http) throws Exception {
        if (manager != null) {
            return NodeUrl.parse("--manager", manager);
        }
        return network.trusted(http, null).managers().stream().map(NodeView::url).map(URI::create).findFirst()
                .orElseThrow(() -> new IllegalStateException("the network's registry names no manager"));
    }

    /** Prints {@code status}; exit code 0 when every node answered as asked, 1 otherwise. */
    int print(PrintWriter out, EpochStatus status, URI from) {
        boolean everyone = status.nodes().stream().allMatch(node -> EpochStatus.NodeAnswer.ACCEPTED.equals(node.outcome()));
        if (json) {
            out.println(Json.write(status));
        } else {
            out.printf("network %s: epoch %d, phase %s (manager %s)%n", status.networkId(), status.current(),
                    status.phase(), from);
            if (status.proposed() != null) {
                out.printf(EpochStatus.COMMITTED.equals(status.phase()) ? "committed:   epoch %d, registry sha256 %s%n"
                        : "proposed:    epoch %d, registry sha256 %s%n", status.proposed(), status.documentSha256());
                out.printf("keys:        %d of %d reshared%n", status.keysDone(), status.keysTotal());
            }
            for (EpochStatus.NodeAnswer node : status.nodes()) {
                out.printf("  %-12s %-14s %s%n", node.node(), node.outcome(),
                        node.reason() == null ? node.detail() : node.reason() + ": " + node.detail());
            }
            if (!status.missing().isEmpty()) {
                out.println("missing:     " + String.join(", ", status.missing()));
            }
        }
        out.flush();
        return everyone ? 0 : 1;
    }
}
