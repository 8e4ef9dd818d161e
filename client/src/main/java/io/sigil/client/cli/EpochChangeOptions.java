package io.sigil.client.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import io.sigil.registry.governance.OperatorKey;
import picocli.CommandLine.Option;

/** How far {@code sigil network update|refresh} drive the change, and how often they print its progress. */
final class EpochChangeOptions {
    @Option(names = "--no-reshare", description = "Only propose; do not start the reshare and wait for it.")
    boolean noReshare;

    @Option(names = "--progress-seconds", paramLabel = "SECONDS", defaultValue = "1",
            description = "How often to read and print the reshare's progress (default 1).")
    long progressSeconds;

    @Option(names = "--deadline-minutes", paramLabel = "MINUTES",
            description = "Commit even if some node of the new epoch is not ready, once this many minutes have passed "
                    + "since the command started, with a ready from every committee (the others catch up); "
                    + "needs --operator-key, which signs the deadline every node checks.")
    Long deadlineMinutes;

    @Option(names = "--operator-key", paramLabel = "FILE",
            description = "An operator key of the running epoch, to sign the --deadline-minutes deadline.")
    Path operatorKey;

    /** The operator's deadline as asked, or null; both options or neither. */
    EpochChangeFlow.Deadline deadline() throws IOException {
        if (deadlineMinutes == null && operatorKey == null) {
            return null;
        }
        if (deadlineMinutes == null || operatorKey == null) {
            throw new UsageException("--deadline-minutes and --operator-key go together");
        }
        if (deadlineMinutes < 0) {
            throw new UsageException("--deadline-minutes must not be negative");
        }
        return new EpochChangeFlow.Deadline(OperatorKey.load(operatorKey), Duration.ofMinutes(deadlineMinutes));
    }
}
