package io.sigil.client.cli;

import java.net.URI;
import java.util.concurrent.Callable;

import io.sigil.client.SigilHttp;
import io.sigil.wire.epoch.EpochStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sigil network status}: the manager's {@code GET /v1/epoch} (docs/keygen.md §3.2). Exit 0 when every node answered as asked. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the epoch change: current and proposed epoch, phase, progress and each node's answer.")
final class EpochStatusCommand implements Callable<Integer> {
    @Mixin
    EpochManager epochManager;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        SigilHttp http = epochManager.http();
        URI manager = epochManager.manager(http);
        return epochManager.print(spec.commandLine().getOut(), http.get(manager.resolve("/v1/epoch"), EpochStatus.class),
                manager);
    }
}
