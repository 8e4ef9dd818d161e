package io.sigil.client.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;

import io.sigil.client.SigilHttp;
import io.sigil.wire.NodeView;
import io.sigil.wire.epoch.EpochStatus;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What {@code sigil network update|refresh|status|abort} share: the manager to talk to (the first manager
 * of the network's registry, verified against the pin, unless {@code --manager} names one) and the
 * printing of its {@code GET /v1/epoch} answer ({@link EpochChangeFlow}).
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
        return EpochChangeFlow.print(out, status, from, json);
    }

    /** The epoch-change flow through {@link #manager}, printing as this command was asked to. */
    EpochChangeFlow flow(PrintWriter out, long progressSeconds) throws Exception {
        SigilHttp http = http();
        return new EpochChangeFlow(http, manager(http), out, json, progressSeconds);
    }
}
