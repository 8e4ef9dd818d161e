package io.sigil.devnet.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.sigil.client.cli.NetworkOption;
import io.sigil.client.cli.NetworkOption.NetworkFile;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.json.Json;
import io.sigil.registry.governance.NetworkPin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sigil devnet}: a whole network on loopback ports in this JVM until Ctrl-C. It records
 * its entry URL in {@code <data-dir>/network.json}, where {@code sigil who} finds it.
 */
@Command(name = "devnet", mixinStandardHelpOptions = true,
        description = "Run a local network (default 3 committees x 2 nodes, a leader each, 1 manager) until Ctrl-C.")
final class DevnetCommand implements Callable<Integer> {
    @Mixin
    PlanOptions options;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where keys, registry and stores go "
            + "(default .sigil/devnet; replaced on each start).")
    Path dataDirectory = NetworkOption.DEFAULT_DEVNET_DIRECTORY;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path networkFile = dataDirectory.resolve(NetworkOption.NETWORK_FILE);
        Files.deleteIfExists(networkFile);
        Devnet devnet = Devnet.start(dataDirectory, options.plan());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(networkFile);
            } catch (java.io.IOException ignored) {
                // a stale network file only makes `sigil who` report an unreachable node
            }
            devnet.close();
            stopped.countDown();
        }, "devnet-shutdown"));
        String ca = devnet.layout().tls() ? devnet.layout().caFile().toAbsolutePath().toString() : null;
        Files.writeString(networkFile, Json.writePretty(new NetworkFile(devnet.entryUrl(),
                devnet.layout().registryFile().toAbsolutePath().toString(), ProcessHandle.current().pid(), ca)));
        out.printf("Sigil devnet '%s' is running: %d committees, threshold %d, %d nodes%n",
                devnet.registry().networkId(), devnet.registry().committeeCount(), devnet.registry().threshold(),
                devnet.layout().nodes().size());
        for (DevnetNode node : devnet.layout().nodes()) {
            out.printf("  %-22s %-10s %s%n", node.service().wireName(), node.id(), node.url());
        }
        out.printf("registry: %s%n", devnet.layout().registryFile().toAbsolutePath());
        if (ca != null) {
            out.printf("TLS CA:   %s (the CLI trusts it for this devnet by itself; elsewhere pass --ca)%n", ca);
        }
        out.printf("pin:      %s (users verify the network against it; the CLI finds it here, elsewhere pass --pin)%n",
                devnet.layout().directory().resolve(NetworkPin.FILE_NAME).toAbsolutePath());
        out.printf("try:      ./sigil who          (or --network %s)%n", devnet.entryUrl());
        out.println("Ctrl-C stops the network.");
        out.flush();
        stopped.await();
        return 0;
    }
}
