package io.sigil.client.cli;

import picocli.CommandLine.Option;

/** How far {@code sigil network update|refresh} drive the change, and how often they print its progress. */
final class EpochChangeOptions {
    @Option(names = "--no-reshare", description = "Only propose; do not start the reshare and wait for it.")
    boolean noReshare;

    @Option(names = "--progress-seconds", paramLabel = "SECONDS", defaultValue = "1",
            description = "How often to read and print the reshare's progress (default 1).")
    long progressSeconds;
}
