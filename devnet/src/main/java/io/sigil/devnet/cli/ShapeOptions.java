package io.sigil.devnet.cli;

import picocli.CommandLine.Option;

/** The network-shape options every command that lays out a network shares (devnet, demo, bench, k8s). */
final class ShapeOptions {
    @Option(names = "--committees", paramLabel = "N", defaultValue = "3", description = "Number of committees n (default 3).")
    int committees;

    @Option(names = "--replicas", paramLabel = "R", defaultValue = "2", description = "Signing nodes per committee (default 2).")
    int replicas;

    @Option(names = "--threshold", paramLabel = "T", defaultValue = "2", description = "Default threshold t, 2..n (default 2).")
    int threshold;

    @Option(names = "--managers", paramLabel = "M", defaultValue = "1", description = "Communication managers (default 1).")
    int managers;
}
