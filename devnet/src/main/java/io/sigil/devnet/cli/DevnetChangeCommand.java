package io.sigil.devnet.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.sigil.client.SigilHttp;
import io.sigil.client.cli.DevnetDirectory;
import io.sigil.client.cli.EpochChangeFlow;
import io.sigil.client.cli.NetworkOption.NetworkFile;
import io.sigil.devnet.control.DevnetControlClient;
import io.sigil.devnet.network.DevnetChange;
import io.sigil.devnet.network.DevnetLayout;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.tls.TrustBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil devnet add-committee | remove-node | remove-committee}: an epoch change of a devnet
 * running in another shell, as its operators would make it (docs/keygen.md §3.2): the next
 * registry laid out and approved with the devnet's own operator keys ({@link DevnetChange}), the
 * new nodes started joining by the devnet, then the same flow as {@code sigil network update}
 * ({@link EpochChangeFlow}: propose, reshare with progress, prepare, commit); after the commit the
 * devnet switches its files to the new epoch, stops the retired nodes and restarts its managers
 * (its leaders learn the commit from the nodes).
 */
abstract class DevnetChangeCommand implements Callable<Integer> {
    @Option(names = "--threshold", paramLabel = "T", description = "The new default threshold (default: unchanged).")
    Integer threshold;

    @Option(names = "--progress-seconds", paramLabel = "SECONDS", defaultValue = "1",
            description = "How often to print the reshare's progress (default 1).")
    long progressSeconds;

    @Option(names = "--devnet-dir", paramLabel = "DIR", description = "Data directory of the running devnet "
            + "(default: $SIGIL_DEVNET_DIR, else the nearest .sigil/devnet here or above).")
    Path devnetDirectory;

    @Spec
    CommandSpec spec;

    /** Lays out and approves the next registry. */
    abstract DevnetChange.Prepared prepare(DevnetLayout layout) throws Exception;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        Path directory = DevnetDirectory.resolve(devnetDirectory);
        NetworkFile network = NetworkFile.read(directory);
        DevnetLayout layout = DevnetLayout.load(directory);
        Registry running = layout.registry();
        DevnetChange.Prepared change = prepare(layout);
        Registry next = change.next();
        out.printf("epoch %d -> %d: %d committees x %s -> %d committees x %s, threshold %d -> %d%n", running.epoch(),
                next.epoch(), running.committeeCount(), signingNodes(running), next.committeeCount(), signingNodes(next),
                running.threshold(), next.threshold());
        List<String> added = ids(next, running);
        List<String> removed = ids(running, next);
        out.printf("  added: %s; removed: %s%n", added.isEmpty() ? "none" : String.join(", ", added),
                removed.isEmpty() ? "none" : String.join(", ", removed));
        out.printf("  wrote %s, approved by operator-1 and operator-2 of the devnet (%s)%n", change.registryFile(),
                change.approvalFile());
        out.flush();
        if (!change.joining().isEmpty()) {
            Map<?, ?> joined = new DevnetControlClient(network).join();
            out.printf("  started joining: %s%n", change.joining().stream().map(node -> node.id() + " " + node.url())
                    .collect(Collectors.joining(", ")));
            out.printf("  (%s)%n", joined.get("started"));
            out.flush();
        }
        SigilHttp http = new SigilHttp(Duration.ofSeconds(30), layout.tls()
                ? Optional.of(TrustBundle.load(layout.caFile())) : Optional.empty());
        URI manager = running.managers().stream().map(NodeEntry::url).findFirst()
                .orElseThrow(() -> new IllegalStateException("the devnet's registry names no manager"));
        EpochChangeFlow.Outcome outcome = new EpochChangeFlow(http, manager, out, false, progressSeconds)
                .run(change.registryBytes(), change.approval(), true);
        if (outcome.committed()) {
            Map<?, ?> switched = new DevnetControlClient(network).committed();
            out.printf("the devnet now runs epoch %s from its files (registry.json, registry-chain.json); restarted %s; "
                    + "retired and stopped: %s%n", switched.get("epoch"), switched.get("restarted"), switched.get("stopped"));
        }
        out.printf("%s in %d s%n", outcome.committed() ? "the change committed" : "the change did not commit (`sigil network "
                + "status` shows where it stopped; `sigil network abort --operator-key " + layout.operatorKeyFile(3)
                + "` withdraws it)", Math.round((System.nanoTime() - started) / 1e9));
        out.flush();
        return outcome.exit();
    }

    private static String signingNodes(Registry registry) {
        return registry.committees().stream().map(committee -> String.valueOf(committee.signingNodes().size()))
                .distinct().collect(Collectors.joining("/"));
    }

    /** Ids of {@code in}'s nodes that {@code notIn} lacks. */
    private static List<String> ids(Registry in, Registry notIn) {
        return in.nodes().stream().map(NodeEntry::id).filter(id -> notIn.node(id).isEmpty()).toList();
    }

    @Command(name = "add-committee", mixinStandardHelpOptions = true,
            description = {"Add a committee to the running devnet: new nodes' keys, the next registry approved by the "
                    + "devnet's operators, the new nodes started joining, then propose, reshare every key, commit."})
    static final class AddCommittee extends DevnetChangeCommand {
        @Option(names = "--replicas", paramLabel = "R", defaultValue = "2",
                description = "Signing nodes in the new committee (default 2).")
        int replicas;

        @Override
        DevnetChange.Prepared prepare(DevnetLayout layout) throws Exception {
            return DevnetChange.addCommittee(layout, replicas, threshold);
        }
    }

    @Command(name = "add-node", mixinStandardHelpOptions = true,
            description = {"Add a signing node (replica) to an existing committee of the running devnet: its keys, the "
                    + "next registry approved by the devnet's operators, the node started joining, then propose and "
                    + "commit; nothing is reshared, the new replica fetches its committee's keys by catch-up."})
    static final class AddNode extends DevnetChangeCommand {
        @Option(names = "--committee", required = true, paramLabel = "N",
                description = "The committee that gets the new replica, e.g. 1.")
        int committee;

        @Override
        DevnetChange.Prepared prepare(DevnetLayout layout) throws Exception {
            if (threshold != null) {
                throw new IllegalArgumentException("add-node keeps the threshold (a new threshold reshares: use "
                        + "add-committee or remove-node with --threshold)");
            }
            return DevnetChange.addNode(layout, committee);
        }
    }

    @Command(name = "remove-node", mixinStandardHelpOptions = true,
            description = {"Remove signing nodes from the running devnet: the next registry without them, approved by "
                    + "the devnet's operators, then propose, reshare every key, commit."})
    static final class RemoveNode extends DevnetChangeCommand {
        @Option(names = "--node", required = true, paramLabel = "ID", split = ",",
                description = "The signing node(s) to remove, e.g. node-3b.")
        List<String> nodes;

        @Override
        DevnetChange.Prepared prepare(DevnetLayout layout) throws Exception {
            return DevnetChange.removeNodes(layout, nodes, threshold);
        }
    }

    @Command(name = "remove-committee", mixinStandardHelpOptions = true,
            description = {"Remove the last committee (its signing nodes and leader) from the running devnet, then "
                    + "propose, reshare every key, commit. Without --threshold the threshold drops to at most n-1."})
    static final class RemoveCommittee extends DevnetChangeCommand {
        @Override
        DevnetChange.Prepared prepare(DevnetLayout layout) throws Exception {
            return DevnetChange.removeLastCommittee(layout, threshold);
        }
    }

}
