package io.sigil.client.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.sigil.client.SigilHttp;
import io.sigil.json.Json;
import io.sigil.registry.governance.Approval;
import io.sigil.wire.WireFields;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil network update}: proposes the next registry with its approval to a manager, which
 * forwards both to every signing node; each node checks the approval itself and answers, and this
 * command prints every answer. The manager reshares the keys on {@code POST /v1/epoch/reshare}
 * (docs/keygen.md §6.4), which this command does not start yet; commit is not built, so an
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
    EpochManager epochManager;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EpochProposal proposal = new EpochProposal(WireFields.toBase64(Files.readAllBytes(registry)),
                Json.read(Files.readString(approval), Approval.class));
        SigilHttp http = epochManager.http();
        URI manager = epochManager.manager(http);
        EpochStatus status = http.post(manager.resolve("/v1/epoch/propose"), proposal, EpochStatus.class);
        PrintWriter out = spec.commandLine().getOut();
        int exit = epochManager.print(out, status, manager);
        if (!epochManager.json && status.proposed() != null) {
            out.println("the manager reshares the keys on POST /v1/epoch/reshare, but the commit to the new registry "
                    + "is not built yet: the proposal stays open, and new_user, new_key and delete_user are refused, "
                    + "until `sigil network abort`");
            out.flush();
        }
        return exit;
    }
}
