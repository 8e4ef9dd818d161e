package io.sigil.devnet.cli;

import io.sigil.devnet.network.DevnetPlan;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The network-shape options {@code devnet} and {@code demo} share. */
final class PlanOptions {
    @Mixin
    ShapeOptions shape;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "0",
            description = "First port; nodes take consecutive ports (default: any free loopback ports).")
    int basePort;

    @Option(names = "--tls", description = "Serve HTTPS only, with certificates from a throw-away CA made for this "
            + "network (its certificate: ca.pem in the data directory, found by the CLI like the network).")
    boolean tls;

    DevnetPlan plan() {
        return new DevnetPlan(shape.committees, shape.replicas, shape.threshold, shape.managers, basePort, tls);
    }
}
