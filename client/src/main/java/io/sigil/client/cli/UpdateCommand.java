package io.sigil.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.sigil.json.Json;
import io.sigil.registry.governance.Approval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil network update}: proposes the next registry with its approval to a manager, which
 * forwards both to every signing node; each node checks the approval itself and answers, and this
 * command prints every answer ({@link EpochChangeFlow}). When every node accepted it starts the manager's reshare
 * ({@code POST /v1/epoch/reshare}, docs/keygen.md §6.4) and prints its progress until every key
 * is reshared and every node of the new epoch ready, then asks the manager to commit
 * ({@code POST /v1/epoch/commit}: every node of both epochs switches to the new registry, or
 * retires) and prints the final report: the epoch now running, the keys moved and the retired
 * nodes (exit 0 when every node committed, 1 when a key failed, the commit did not happen, or a
 * node missed it: {@code POST /v1/epoch/commit} on the manager sends it again).
 * {@code --no-reshare} only proposes.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Propose the next registry (with its operators' approval) to every node; show each node's answer.")
final class UpdateCommand implements Callable<Integer> {
    @Option(names = "--registry", required = true, paramLabel = "FILE", description = "The new registry (epoch e+1), exactly as approved.")
    Path registry;

    @Option(names = "--approval", required = true, paramLabel = "FILE", description = "Its approval (`sigil network approve`).")
    Path approval;

    @Mixin
    EpochChangeOptions change;

    @Mixin
    EpochManager epochManager;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return epochManager.flow(spec.commandLine().getOut(), change.progressSeconds).withDeadline(change.deadline())
                .run(Files.readAllBytes(registry), Json.read(Files.readString(approval), Approval.class), !change.noReshare).exit();
    }
}
