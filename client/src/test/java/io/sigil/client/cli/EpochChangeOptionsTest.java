package io.sigil.client.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.registry.governance.OperatorKey;
import io.sigil.wire.epoch.EpochStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --deadline-minutes} and {@code --operator-key} of {@code sigil network update|refresh}
 * (docs/keygen.md §6.4): both or neither, and the flow commits with a deadline only a change
 * whose every key is reshared and some node is not ready.
 */
class EpochChangeOptionsTest {
    @TempDir
    Path directory;

    private EpochChangeOptions parse(String... args) {
        EpochChangeOptions options = new EpochChangeOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void theDeadlineNeedsItsOperatorKeyAndTheOtherWayRound() throws Exception {
        assertThat(parse().deadline()).isNull();
        assertThrows(UsageException.class, () -> parse("--deadline-minutes", "5").deadline());
        Path key = directory.resolve("op1.json");
        OperatorKey.generate("op-1").save(key);
        assertThrows(UsageException.class, () -> parse("--operator-key", key.toString()).deadline());
        assertThrows(UsageException.class, () -> parse("--deadline-minutes", "-1", "--operator-key", key.toString())
                .deadline());
        EpochChangeFlow.Deadline deadline = parse("--deadline-minutes", "5", "--operator-key", key.toString()).deadline();
        assertThat(deadline.after()).isEqualTo(Duration.ofMinutes(5));
        assertThat(deadline.operator().id()).isEqualTo("op-1");
    }

    @Test
    void onlyAChangeWithEveryKeyResharedAndANodeNotReadyWaitsForTheDeadline() {
        assertThat(EpochChangeFlow.partlyReady(status(EpochStatus.PROPOSED, 10, 10, List.of("node-2b")))).isTrue();
        assertThat(EpochChangeFlow.partlyReady(status(EpochStatus.PROPOSED, 9, 10, List.of("node-2b"))))
                .as("a key failed").isFalse();
        assertThat(EpochChangeFlow.partlyReady(status(EpochStatus.PROPOSED, 10, 10, List.of()))).isFalse();
        assertThat(EpochChangeFlow.partlyReady(status(EpochStatus.PREPARED, 10, 10, List.of()))).isFalse();
    }

    private static EpochStatus status(String phase, long done, long total, List<String> missing) {
        return new EpochStatus("net", 1, 2L, "ab".repeat(32), phase, total, done, missing, List.of());
    }
}
