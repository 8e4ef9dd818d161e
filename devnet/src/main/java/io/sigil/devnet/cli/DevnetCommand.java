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
import io.sigil.devnet.network.DevnetLayout;
import io.sigil.devnet.network.DevnetLock;
import io.sigil.devnet.network.ServiceProcesses;
import io.sigil.client.cli.UsageException;
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
        subcommands = {DevnetNodeCommand.Stop.class, DevnetNodeCommand.Start.class, DevnetChangeCommand.AddCommittee.class, DevnetChangeCommand.AddNode.class,
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

    @Option(names = "--processes", description = "Run every service in its own JVM instead of all in this one "
            + "(plain http; Ctrl-C stops them all). For measuring a node on its own: sigil bench --network URL.")
    boolean processes;

    @Mixin
    ProcessDevnetOptions serviceOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path directory = DevnetDirectory.resolve(dataDirectory);
        out.printf("starting the devnet in %s%n", directory.toAbsolutePath());
        out.flush();
        if (processes) {
            return runInProcesses(directory, out);
        }
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

    /**
     * The devnet with each service in its own JVM: laid out anew (or the one laid out here before,
     * same keys and ports), started, and kept running until Ctrl-C. The in-JVM devnet's control
     * endpoint (stop-node, add-committee) is not offered; the services are plain processes.
     */
    private int runInProcesses(Path directory, PrintWriter out) throws Exception {
        if (options.plan().tls()) {
            throw new UsageException("--processes serves plain http only; leave out --tls");
        }
        try (DevnetLock lock = DevnetLock.acquire(directory)) {
            DevnetLayout layout = fresh || !DevnetLayout.exists(directory) ? DevnetLayout.create(directory, options.plan())
                    : DevnetLayout.load(directory);
            ServiceProcesses services = ServiceProcesses.startDevnet(layout, serviceOptions.jvmOptions(),
                    System.getenv().getOrDefault("SIGIL_LOG_LEVEL", "INFO"), ProcessDevnetOptions.READY_TIMEOUT);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                services.close();
                stopped.countDown();
            }, "devnet-shutdown"));
            for (DevnetNode node : layout.nodes()) {
                out.printf("  up  %-10s %-22s %-24s pid %d, log %s%n", node.id(), node.service().wireName(), node.url(),
                        services.pid(node.id()), node.dataDirectory().resolve("service.log"));
            }
            String entry = layout.nodes().stream().filter(node -> node.service() == Role.SIGNING_CLIENT)
                    .findFirst().orElseThrow().url();
            Path pin = layout.directory().resolve(NetworkPin.FILE_NAME).toAbsolutePath();
            out.printf("ready: devnet '%s' in %d JVMs; entry %s, pin %s%n", layout.registry().networkId(),
                    layout.nodes().size(), entry, pin);
            out.printf("try: sigil bench --network %s --pin %s --clients 8; a node's memory: grep VmHWM /proc/PID/status;"
                    + " Ctrl-C stops every service%n", entry, pin);
            out.flush();
            stopped.await();
            return 0;
        }
    }
}
