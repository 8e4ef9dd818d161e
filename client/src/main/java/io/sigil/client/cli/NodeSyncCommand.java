package io.sigil.client.cli;

import io.sigil.json.Json;
import io.sigil.wire.sync.SyncStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil node sync}: makes a signing node catch up with the other replicas of its committee
 * now (docs/keygen.md §3.7), prints its progress while it runs and a final report: keys stored,
 * already held, tombstones stored, keys deleted on the user's signed deletion, entries skipped
 * without evidence, and every replica refused (named, with why) or unreachable. Signed with the
 * node's own identity key, like {@code reset-pair}. Exit 0 when every replica was read and none
 * refused, 1 otherwise.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Fetch the keys a node lacks from the other replicas of its committee (signed with the node's own identity key).")
final class NodeSyncCommand implements Callable<Integer> {
    static final String RUN_PATH = "/v1/sync/run";
    static final String STATUS_PATH = "/v1/sync/status";
    private static final Duration POLL = Duration.ofMillis(500);

    @Mixin
    OwnNodeOptions target;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30M",
            description = "How long to follow the run (ISO-8601, default ${DEFAULT-VALUE}); the node goes on after it.")
    Duration timeout;

    @Option(names = "--json", description = "Print only the final report, as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SyncStatus started = post(RUN_PATH);
        SyncStatus status = started;
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastLine = "";
        while (!finished(status, started)) {
            if (System.nanoTime() > deadline) {
                throw new UsageException("the catch-up of node " + target.id + " is still running after " + timeout
                        + "; follow it with `sigil node sync` again");
            }
            if (!json) {
                String line = progress(status);
                if (!line.equals(lastLine)) {
                    out.println(line);
                    out.flush();
                    lastLine = line;
                }
            }
            Thread.sleep(POLL.toMillis()); // polling a remote run: the node keeps no connection open for it
            status = post(STATUS_PATH);
        }
        if (json) {
            out.println(Json.write(status));
        } else {
            report(out, status);
        }
        out.flush();
        return status.refusals().isEmpty() && status.unreachable().isEmpty() ? 0 : 1;
    }

    /** Done, and it is the run we started (or joined): a later status of the same start time. */
    private static boolean finished(SyncStatus status, SyncStatus started) {
        return SyncStatus.DONE.equals(status.state()) && status.startedAt() >= started.startedAt();
    }

    private SyncStatus post(String path) throws Exception {
        return target.post(path, Json.writeBytes(Map.of()), SyncStatus.class);
    }

    private static String progress(SyncStatus status) {
        return String.format("node %s: %s; %d of %d keys and tombstones read%s, %d stored", status.nodeId(),
                status.state(), status.keysReceived(), status.total(),
                status.peer() == null ? "" : " from " + status.peer(), status.keysStored());
    }

    private static void report(PrintWriter out, SyncStatus status) {
        out.printf("node %s: catch-up done: %d keys stored, %d already held, %d tombstones stored, %d keys deleted "
                        + "(user-signed deletion), %d skipped without evidence%n", status.nodeId(), status.keysStored(),
                status.keysAlreadyHeld(), status.tombstonesStored(), status.keysDeleted(), status.skippedWithoutEvidence());
        status.refusals().forEach(refusal -> out.printf("  refused replica %s: %s: %s%n", refusal.replica(),
                refusal.reason(), refusal.detail()));
        status.unreachable().forEach(peer -> out.printf("  unreachable: %s%n", peer));
    }
}
