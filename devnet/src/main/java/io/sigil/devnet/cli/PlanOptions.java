package io.sigil.devnet.cli;

import io.sigil.devnet.network.DevnetPlan;
import picocli.CommandLine.Option;

/** The network-shape options {@code devnet} and {@code demo} share. */
final class PlanOptions {
    @Option(names = "--committees", defaultValue = "3", description = "Number of committees n (default 3).")
    int committees;

    @Option(names = "--replicas", defaultValue = "2", description = "Signing nodes per committee (default 2).")
    int replicas;

    @Option(names = "--threshold", defaultValue = "2", description = "Default threshold t, 2..n (default 2).")
    int threshold;

    @Option(names = "--managers", defaultValue = "1", description = "Communication managers (default 1).")
    int managers;

    @Option(names = "--base-port", defaultValue = "0",
            description = "First port; nodes take consecutive ports (default: any free loopback ports).")
    int basePort;

    DevnetPlan plan() {
        return new DevnetPlan(committees, replicas, threshold, managers, basePort);
    }
}
