package io.sigil.client.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sigil.client.SigilHttp;
import io.sigil.registry.governance.Approval;
import io.sigil.wire.WireFields;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;

/**
 * The epoch change as an operator drives it through one manager (docs/keygen.md §6.4): propose
 * the approved registry (every node's answer printed), then, when every node accepted, start the
 * manager's reshare and print its progress (keys done of total, rate, ETA) until every key is
 * reshared and every node of the new epoch ready, then commit and print the final report.
 * Shared by {@code sigil network update}, {@code sigil network refresh} and the devnet's
 * {@code add-committee} / {@code remove-node} / {@code remove-committee}.
 */
public final class EpochChangeFlow {
    private final SigilHttp http;
    private final URI manager;
    private final PrintWriter out;
    private final boolean json;
    private final long progressSeconds;
    private Deadline deadline;

    /**
     * The operator's commit deadline (lifecycle §3.2 step 4): {@code after} the flow started, a
     * change whose every key is reshared but some node of the new epoch is not ready is committed
     * with a ready from every committee, under a deadline {@code operator} signs (every node checks
     * it against its own clock).
     */
    public record Deadline(io.sigil.registry.governance.OperatorKey operator, java.time.Duration after) {
    }

    /**
     * @param json            print each status as one JSON object (no progress lines)
     * @param progressSeconds how often to read and print the reshare's progress
     */
    public EpochChangeFlow(SigilHttp http, URI manager, PrintWriter out, boolean json, long progressSeconds) {
        if (progressSeconds < 1) {
            throw new IllegalArgumentException("--progress-seconds must be at least 1");
        }
        this.http = http;
        this.manager = manager;
        this.out = out;
        this.json = json;
        this.progressSeconds = progressSeconds;
    }

    /** Commits after {@code deadline} without every node's ready (null: every node must be ready). */
    public EpochChangeFlow withDeadline(Deadline deadline) {
        this.deadline = deadline;
        return this;
    }

    /** How a run ended: the exit code and the manager's last status. */
    public record Outcome(int exit, EpochStatus status) {
        public boolean committed() {
            return exit == 0 && EpochStatus.COMMITTED.equals(status.phase());
        }
    }

    /**
     * Proposes {@code registry} (its exact bytes) with {@code approval}; with {@code reshare}, and
     * once every node accepted, reshares every key and, when every node of the new epoch is ready,
     * asks the manager to commit ({@code POST /v1/epoch/commit}: every node of both epochs switches
     * to the new registry, or retires), then prints the final report. Exit code 0 when every node
     * accepted and (with {@code reshare}) every node committed; 1 otherwise.
     */
    public Outcome run(byte[] registry, Approval approval, boolean reshare) throws Exception {
        long deadlineAt = deadline == null ? 0 : System.currentTimeMillis() + deadline.after().toMillis();
        EpochProposal proposal = new EpochProposal(WireFields.toBase64(registry), approval);
        EpochStatus status = http.post(manager.resolve("/v1/epoch/propose"), proposal, EpochStatus.class);
        int exit = print(out, status, manager, json);
        if (exit == 0 && reshare && status.proposed() != null) {
            status = reshare();
            if (EpochStatus.PREPARED.equals(status.phase())) {
                status = http.post(manager.resolve("/v1/epoch/commit"), Map.of(), EpochStatus.class);
            } else if (deadline != null && partlyReady(status)) {
                status = commitAfterDeadline(status, deadlineAt);
            }
            exit = print(out, status, manager, json);
            exit = exit == 0 && EpochStatus.COMMITTED.equals(status.phase()) ? 0 : 1;
            if (!json) {
                out.println(report(status));
                out.flush();
            }
        }
        return new Outcome(exit, status);
    }

    /** Every key reshared, some node of the new epoch without a ready: what a deadline can commit. */
    static boolean partlyReady(EpochStatus status) {
        return EpochStatus.PROPOSED.equals(status.phase()) && status.proposed() != null && !status.missing().isEmpty()
                && status.keysDone() == status.keysTotal();
    }

    /** Waits until {@code deadlineAt}, then commits with the operator's signed deadline. */
    private EpochStatus commitAfterDeadline(EpochStatus status, long deadlineAt) throws Exception {
        if (!json) {
            out.printf("no ready from %s; committing at the operator's deadline %s with a ready from every committee "
                    + "(the others catch up)%n", String.join(", ", status.missing()), java.time.Instant.ofEpochMilli(deadlineAt));
            out.flush();
        }
        long wait = deadlineAt - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait); // the operator asked to wait this long: the deadline is a time, not a condition
        }
        io.sigil.registry.governance.EpochDeadline signed = io.sigil.registry.governance.EpochDeadline.sign(
                deadline.operator(), status.networkId(), status.proposed(), status.documentSha256(), deadlineAt);
        return http.post(manager.resolve("/v1/epoch/commit"), new io.sigil.wire.epoch.EpochCommitRequest(signed),
                EpochStatus.class);
    }

    /** The final report of a change: the epoch now running, the keys moved and the retired nodes, or what is left to do. */
    static String report(EpochStatus status) {
        if (!EpochStatus.COMMITTED.equals(status.phase())) {
            return "not committed (phase " + status.phase() + "): the proposal stays open, and new_user, new_key and "
                    + "delete_user are refused, until the reshare is run again or `sigil network abort`";
        }
        String keys = status.addsReplicasOnly() ? status.keysDone() + " key(s) kept, no reshare was needed (the new "
                + "replicas fetch them from their committee by catch-up); " : status.keysDone() + " key(s) moved; ";
        return "committed: the network runs epoch " + status.current() + "; " + keys
                + (retired(status).isEmpty() ? "no node retired" : "retired: " + String.join(", ", retired(status)))
                + (status.missing().isEmpty() ? "" : "; not yet committed on " + String.join(", ", status.missing())
                        + " (POST /v1/epoch/commit on the manager sends the commit again)");
    }

    /** The nodes that answered the commit {@code retired}: the new registry leaves them out. */
    public static List<String> retired(EpochStatus status) {
        return status.nodes().stream()
                .filter(node -> node.answer() != null && "retired".equals(node.answer().reason()))
                .map(EpochStatus.NodeAnswer::node).toList();
    }

    /**
     * Starts the manager's reshare and prints its progress until it leaves {@code resharing};
     * returns the final status. Polling the status is how the manager reports (docs/keygen.md §6.4).
     */
    private EpochStatus reshare() throws Exception {
        long started = System.nanoTime();
        EpochStatus status = http.post(manager.resolve("/v1/epoch/reshare"), Map.of(), EpochStatus.class);
        if (status.addsReplicasOnly() && !json) {
            out.println("no reshare needed: this change only adds replicas to existing committees; every key stays as "
                    + "it is and the new replicas fetch theirs from their committee by catch-up after the commit");
            out.flush();
        }
        long shown = -1;
        while (EpochStatus.RESHARING.equals(status.phase())) {
            if (!json && status.keysDone() != shown && !status.addsReplicasOnly()) {
                shown = status.keysDone();
                out.println(progress(status.keysDone(), status.keysTotal(), System.nanoTime() - started));
                out.flush();
            }
            Thread.sleep(progressSeconds * 1000);
            status = http.get(manager.resolve("/v1/epoch"), EpochStatus.class);
        }
        if (!json) {
            out.println((status.addsReplicasOnly() ? "prepare"
                    : progress(status.keysDone(), status.keysTotal(), System.nanoTime() - started)) + ": "
                    + (EpochStatus.COMMITTED.equals(status.phase()) || EpochStatus.PREPARED.equals(status.phase())
                    ? "every node of the new epoch is ready"
                    : partlyReady(status) ? "every key reshared, no ready from " + String.join(", ", status.missing())
                    + (deadline == null ? " (commit needs every node, or --deadline-minutes)" : "")
                    : "not every key was reshared (the manager's log names them); run update again or abort"));
        }
        return status;
    }

    /** {@code keys 120 of 400 reshared, 35.2 keys/s, ETA 8 s}. */
    static String progress(long done, long total, long elapsedNanos) {
        double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
        double rate = done / seconds;
        String eta = done == 0 || rate <= 0 ? "ETA unknown" : "ETA " + Math.round((total - done) / rate) + " s";
        return String.format(Locale.ROOT, "keys %d of %d reshared, %.1f keys/s, %s", done, total, rate, eta);
    }

    /** Prints {@code status}; exit code 0 when every node answered as asked, 1 otherwise. */
    static int print(PrintWriter out, EpochStatus status, URI from, boolean json) {
        boolean everyone = status.nodes().stream().allMatch(node -> EpochStatus.NodeAnswer.ACCEPTED.equals(node.outcome()));
        if (json) {
            out.println(io.sigil.json.Json.write(status));
        } else {
            out.printf("network %s: epoch %d, phase %s (manager %s)%n", status.networkId(), status.current(),
                    status.phase(), from);
            if (status.proposed() != null) {
                out.printf(EpochStatus.COMMITTED.equals(status.phase()) ? "committed:   epoch %d, registry sha256 %s%n"
                        : "proposed:    epoch %d, registry sha256 %s%n", status.proposed(), status.documentSha256());
                out.printf(status.addsReplicasOnly() ? "keys:        %d of %d kept (add-replicas: no reshare)%n"
                        : "keys:        %d of %d reshared%n", status.keysDone(), status.keysTotal());
            }
            for (EpochStatus.NodeAnswer node : status.nodes()) {
                out.printf("  %-12s %-14s %s%n", node.node(), node.outcome(),
                        node.reason() == null ? node.detail() : node.reason() + ": " + node.detail());
            }
            if (!status.missing().isEmpty()) {
                out.println("missing:     " + String.join(", ", status.missing()));
            }
        }
        out.flush();
        return everyone ? 0 : 1;
    }
}
