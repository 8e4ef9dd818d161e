package io.sigil.devnet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import io.sigil.client.cli.DevnetDirectory;
import io.sigil.client.cli.NetworkOption;
import io.sigil.client.cli.NetworkOption.NetworkFile;
import io.sigil.devnet.control.DevnetControlServer;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetLaunch;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.identity.SecretFiles;
import io.sigil.json.Json;
import io.sigil.registry.Role;
import io.sigil.registry.governance.NetworkPin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil devnet}: a whole network on loopback ports in this JVM until Ctrl-C. A second start
 * on the same data directory brings back the same network (keys, registry, ports, users);
 * {@code --fresh} replaces it. It records its entry URL and control endpoint in
 * {@code <data-dir>/network.json}, where {@code sigil who} and {@code sigil devnet stop-node} find it.
 */
@Command(name = "devnet", mixinStandardHelpOptions = true,
        description = {"Run a local network (default 3 committees x 2 nodes, a leader each, 1 manager) until Ctrl-C.",
                "Started again on the same data directory it comes back with the same keys, ports and users;"
                        + " a second devnet on a directory in use is refused."},
        subcommands = {DevnetNodeCommand.Stop.class, DevnetNodeCommand.Start.class, DevnetChangeCommand.AddCommittee.class,
                DevnetChangeCommand.RemoveNode.class, DevnetChangeCommand.RemoveCommittee.class})
final class DevnetCommand implements Callable<Integer> {
    @Mixin
    PlanOptions options;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where keys, registry and stores go "
            + "(default: $SIGIL_DEVNET_DIR, else the nearest .sigil/devnet here or above, else ./.sigil/devnet).")
    Path dataDirectory;

    @Option(names = "--fresh", description = "Discard the devnet in the data directory (keys, registry, users) "
            + "and lay out a new one.")
    boolean fresh;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path directory = DevnetDirectory.resolve(dataDirectory);
        out.printf("starting the devnet in %s%n", directory.toAbsolutePath());
        out.flush();
        DevnetLaunch launch = Devnet.launch(directory, options.plan()).onNodeStarted(node -> {
            synchronized (out) {
                out.printf("  up  %-10s %-22s %s%n", node.id(), node.service().wireName(), node.url());
                out.flush();
            }
        });
        Devnet devnet = (fresh ? launch.fresh() : launch).start();
        DevnetControlServer control = DevnetControlServer.start(devnet);
        Path networkFile = directory.resolve(NetworkOption.NETWORK_FILE);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(networkFile);
            } catch (IOException ignored) {
                // a stale network file only makes `sigil who` report an unreachable node
            }
            control.close();
            devnet.close();
            stopped.countDown();
        }, "devnet-shutdown"));
        String ca = devnet.layout().tls() ? devnet.layout().caFile().toAbsolutePath().toString() : null;
        // the network file carries the control token: owner-only, written atomically
        SecretFiles.write(networkFile, Json.writePretty(new NetworkFile(devnet.entryUrl(),
                devnet.layout().registryFile().toAbsolutePath().toString(), ProcessHandle.current().pid(), ca,
                control.url(), control.token())));
        String managers = devnet.layout().nodes().stream().filter(node -> node.service() == Role.COMMUNICATION_MANAGER)
                .map(DevnetNode::url).collect(Collectors.joining(" "));
        out.printf("registry: %s%n", devnet.layout().registryFile().toAbsolutePath());
        if (ca != null) {
            out.printf("TLS CA:   %s (the CLI trusts it for this devnet by itself; elsewhere pass --ca)%n", ca);
        }
        out.printf("pin:      %s (users verify the network against it; the CLI finds it here, elsewhere pass --pin)%n",
                devnet.layout().directory().resolve(NetworkPin.FILE_NAME).toAbsolutePath());
        out.printf("ready: devnet '%s' (%d committees, threshold %d, %d nodes); entry %s, manager %s%n",
                devnet.registry().networkId(), devnet.registry().committeeCount(), devnet.registry().threshold(),
                devnet.layout().nodes().size(), devnet.entryUrl(), managers);
        out.printf("try: sigil who | sigil user new | sigil devnet stop-node %s; Ctrl-C stops the network "
                + "(start it again to get it back)%n", devnet.layout().nodes().getFirst().id());
        out.flush();
        stopped.await();
        return 0;
    }
}
