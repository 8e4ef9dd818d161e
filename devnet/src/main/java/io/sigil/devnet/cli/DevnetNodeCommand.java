package io.sigil.devnet.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import io.sigil.client.cli.DevnetDirectory;
import io.sigil.client.cli.NetworkOption.NetworkFile;
import io.sigil.devnet.control.DevnetControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sigil devnet stop-node ID} / {@code start-node ID}: fault drills on a devnet running in
 * another shell. The node's service stops (its port closes, its store is released) and later
 * starts again on the same port with the same keys and store, as a restarted pod would.
 */
abstract class DevnetNodeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The node to act on (as `sigil who` lists it), e.g. node-1a.")
    String nodeId;

    @Option(names = "--devnet-dir", paramLabel = "DIR", description = "Data directory of the running devnet "
            + "(default: $SIGIL_DEVNET_DIR, else the nearest .sigil/devnet here or above).")
    Path devnetDirectory;

    @Spec
    CommandSpec spec;

    abstract boolean running();

    @Override
    public Integer call() throws Exception {
        NetworkFile network = NetworkFile.read(DevnetDirectory.resolve(devnetDirectory));
        Map<?, ?> answer = new DevnetControlClient(network).setRunning(nodeId, running());
        spec.commandLine().getOut().printf("%s %s (%s)%n", nodeId, running() ? "started" : "stopped", answer.get("url"));
        spec.commandLine().getOut().flush();
        return 0;
    }

    @Command(name = "stop-node", mixinStandardHelpOptions = true,
            description = "Stop one node of the running devnet (a fault drill); start-node brings it back.")
    static final class Stop extends DevnetNodeCommand {
        @Override
        boolean running() {
            return false;
        }
    }

    @Command(name = "start-node", mixinStandardHelpOptions = true,
            description = "Start again a node of the running devnet stopped by stop-node (same port, keys and store).")
    static final class Start extends DevnetNodeCommand {
        @Override
        boolean running() {
            return true;
        }
    }
}
