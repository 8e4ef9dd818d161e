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
 * is reshared and every node of the new epoch ready (exit 0), or a key failed (exit 1);
 * {@code --no-reshare} only proposes. Commit is not built, so an
 * accepted proposal stays open, and new_user, new_key and delete_user stay refused, until
 * {@code sigil network abort}. Exit 0 when every node accepted.
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
        return epochManager.flow(spec.commandLine().getOut(), change.progressSeconds)
                .run(Files.readAllBytes(registry), Json.read(Files.readString(approval), Approval.class), !change.noReshare);
    }
}
