package io.sigil.client.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.sigil.client.SigilHttp;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.EpochAbort;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.wire.epoch.EpochStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil network abort}: one operator of the running epoch signs an abort of the open
 * proposal and the manager forwards it to every node, which checks the signature itself and
 * deletes the proposal; epoch e stays and new_user, new_key and delete_user are served again. The
 * proposal is the one the manager shows, or the registry named with {@code --registry}. Exit 0
 * when every node answered.
 */
@Command(name = "abort", mixinStandardHelpOptions = true,
        description = "Abort the open epoch change with one operator key; every node deletes the proposal.")
final class AbortCommand implements Callable<Integer> {
    @Option(names = "--operator-key", required = true, paramLabel = "FILE",
            description = "This operator's key file (an operator of the running epoch).")
    Path operatorKey;

    @Option(names = "--registry", paramLabel = "FILE", description = "The proposed registry to abort (default: the one the manager shows).")
    Path registry;

    @Mixin
    EpochManager epochManager;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OperatorKey key = OperatorKey.load(operatorKey);
        SigilHttp http = epochManager.http();
        URI manager = epochManager.manager(http);
        String networkId;
        long epoch;
        String sha256;
        if (registry != null) {
            Registry named = Registry.load(registry);
            networkId = named.networkId();
            epoch = named.epoch();
            sha256 = ChainVerifier.documentSha256(Files.readAllBytes(registry));
        } else {
            EpochStatus status = http.get(manager.resolve("/v1/epoch"), EpochStatus.class);
            if (status.proposed() == null) {
                throw new UsageException("the manager shows no open proposal; name it with --registry FILE");
            }
            networkId = status.networkId();
            epoch = status.proposed();
            sha256 = status.documentSha256();
        }
        EpochAbort abort = EpochAbort.sign(key, networkId, epoch, sha256, System.currentTimeMillis());
        EpochStatus after = http.post(manager.resolve("/v1/epoch/abort"), abort, EpochStatus.class);
        return epochManager.print(spec.commandLine().getOut(), after, manager);
    }
}
