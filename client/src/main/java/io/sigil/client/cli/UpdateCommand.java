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
 * command prints every answer. When every node accepted it starts the manager's reshare
 * ({@code POST /v1/epoch/reshare}, docs/keygen.md §6.4) and prints its progress until every key
 * is reshared and every node of the new epoch ready, then asks the manager to commit
 * ({@code POST /v1/epoch/commit}: every node of both
 * epochs switches to the new registry, or retires) and this command prints the final report: the
 * epoch now running, the keys moved and the retired nodes (exit 0 when every node committed, 1 when
 * a key failed, the commit did not happen, or a node missed it: {@code POST /v1/epoch/commit} on the
 * manager sends it again). {@code --no-reshare} only proposes.
 */
@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Propose the next registry (with its operators' approval) to every node; show each node's answer.")
final class UpdateCommand implements Callable<Integer> {
    @Option(names = "--registry", required = true, paramLabel = "FILE", description = "The new registry (epoch e+1), exactly as approved.")
    Path registry;

    @Option(names = "--approval", required = true, paramLabel = "FILE", description = "Its approval (`sigil network approve`).")
    Path approval;

    @Option(names = "--no-reshare", description = "Only propose; do not start the reshare and wait for it.")
    boolean noReshare;

    @Option(names = "--progress-seconds", paramLabel = "SECONDS", defaultValue = "1",
            description = "How often to read and print the reshare's progress (default 1).")
    long progressSeconds;

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
        if (exit == 0 && !noReshare && status.proposed() != null) {
            status = reshare(http, manager, out);
            if (EpochStatus.PREPARED.equals(status.phase())) {
                status = http.post(manager.resolve("/v1/epoch/commit"), java.util.Map.of(), EpochStatus.class);
            }
            exit = epochManager.print(out, status, manager);
            exit = exit == 0 && EpochStatus.COMMITTED.equals(status.phase()) ? 0 : 1;
            if (!epochManager.json) {
                out.println(report(status));
                out.flush();
            }
        }
        return exit;
    }

    /** The final report of a change: the epoch now running, the keys moved and the retired nodes, or what is left to do. */
    static String report(EpochStatus status) {
        if (!EpochStatus.COMMITTED.equals(status.phase())) {
            return "not committed (phase " + status.phase() + "): the proposal stays open, and new_user, new_key and "
                    + "delete_user are refused, until the reshare is run again or `sigil network abort`";
        }
        java.util.List<String> retired = status.nodes().stream()
                .filter(node -> node.answer() != null && "retired".equals(node.answer().reason()))
                .map(EpochStatus.NodeAnswer::node).toList();
        return "committed: the network runs epoch " + status.current() + "; " + status.keysDone() + " key(s) moved; "
                + (retired.isEmpty() ? "no node retired" : "retired: " + String.join(", ", retired))
                + (status.missing().isEmpty() ? "" : "; not yet committed on " + String.join(", ", status.missing())
                        + " (POST /v1/epoch/commit on the manager sends the commit again)");
    }

    /**
     * Starts the manager's reshare and prints its progress (keys done of total, rate, ETA) until it
     * leaves {@code resharing}; returns the final status. Polling the status is how the manager
     * reports (docs/keygen.md §6.4).
     */
    private EpochStatus reshare(SigilHttp http, URI manager, PrintWriter out) throws Exception {
        long started = System.nanoTime();
        EpochStatus status = http.post(manager.resolve("/v1/epoch/reshare"), java.util.Map.of(), EpochStatus.class);
        long shown = -1;
        while (EpochStatus.RESHARING.equals(status.phase())) {
            if (!epochManager.json && status.keysDone() != shown) {
                shown = status.keysDone();
                out.println(progress(status.keysDone(), status.keysTotal(), System.nanoTime() - started));
                out.flush();
            }
            Thread.sleep(progressSeconds * 1000);
            status = http.get(manager.resolve("/v1/epoch"), EpochStatus.class);
        }
        if (!epochManager.json) {
            out.println(progress(status.keysDone(), status.keysTotal(), System.nanoTime() - started) + ": "
                    + (EpochStatus.COMMITTED.equals(status.phase()) || EpochStatus.PREPARED.equals(status.phase())
                    ? "every node of the new epoch is ready"
                    : "not every key was reshared (the manager's log names them); run update again or abort"));
        }
        return status;
    }

    /** {@code keys 120 of 400 reshared, 35.2 keys/s, ETA 8 s}. */
    static String progress(long done, long total, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        double rate = done / seconds;
        String eta = done == 0 || rate <= 0 ? "ETA unknown" : "ETA " + Math.round((total - done) / rate) + " s";
        return String.format(java.util.Locale.ROOT, "keys %d of %d reshared, %.1f keys/s, %s", done, total, rate, eta);
    }
}
