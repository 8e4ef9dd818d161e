package io.sigil.devnet.cli;

import picocli.CommandLine.Option;

/** The network-shape options every command that lays out a network shares (devnet, demo, bench, k8s). */
final class ShapeOptions {
    @Option(names = "--committees", defaultValue = "3", description = "Number of committees n (default 3).")
    int committees;

    @Option(names = "--replicas", defaultValue = "2", description = "Signing nodes per committee (default 2).")
    int replicas;

    @Option(names = "--threshold", defaultValue = "2", description = "Default threshold t, 2..n (default 2).")
    int threshold;

    @Option(names = "--managers", defaultValue = "1", description = "Communication managers (default 1).")
    int managers;
}
