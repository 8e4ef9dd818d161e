package io.sigil.node.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.sigil.node.epoch.EpochCommitted;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.node.pairing.RestoreGuard;
import io.sigil.registry.NodeEntry;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.Problem;
import io.sigil.wire.sync.SyncBatch;
import io.sigil.wire.sync.SyncRequest;
import io.sigil.wire.sync.SyncStatus;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The asking side of replica catch-up (keygen §3.7). A run reads every other signing replica of
 * this node's committee (from the verified registry) in turn, page by page from the cursor kept
 * for it: each page is checked ({@link SyncCheck}) and written in one batch with the next cursor
 * ({@link SyncWriter}), so a crash loses nothing and the next run resumes. A page refused names the
 * replica and ends the run with that replica (nothing of the page is stored; the next replica is
 * read); an unreachable replica is reported and skipped. Runs at start (so a node restarted after
 * missing registrations, or restored from a backup, catches up by itself) and on demand
 * ({@code POST /v1/sync/run}, {@code sigil node sync}); one run at a time.
 */
@Singleton
public final class ReplicaSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSync.class);
    private static final String AFTER_RESTORE = "start after a store restore";
    private static final String AFTER_COMMIT = "after the commit of epoch ";
    /**
     * A run after a commit that could not read some replica (it had not applied the commit yet, so
     * it refused this node's epoch or, for a replica new in the epoch, this node itself) is run again
     * after 1, 2, 4, … s, at most this many times: the commit reaches the nodes in parallel, and the
     * new replica of an add-replicas change has no other way to its keys (docs/keygen.md §3.8).
     */
    private static final int COMMIT_RETRIES = 6;
    /** How long to wait when a replica says {@code 429}, and how often, before giving that replica up. */
    private static final java.time.Duration RATE_LIMIT_BACKOFF = java.time.Duration.ofSeconds(1);
    private static final int RATE_LIMIT_WAITS = 30;

    private final LocalNode local;
    private final SignedNodeClient client;
    private final SyncWriter writer;
    private final RestoreGuard restores;
    private final int pageSize;
    private final boolean atStart;
    private final AtomicReference<Run> current = new AtomicReference<>();
    /** The trigger of the one run asked for while another was running, or null. */
    private final AtomicReference<String> rerun = new AtomicReference<>();
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger commitRetries = new java.util.concurrent.atomic.AtomicInteger();
    private final AtomicReference<SyncStatus> last;
    private final Counter keysStored;
    private final Counter tombstonesStored;
    private final Counter keysDeleted;
    private final Counter refusals;
    private final AtomicLong keysReceived = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private volatile Thread runner;

    ReplicaSync(LocalNode local, SignedNodeClient client, SyncWriter writer, RestoreGuard restores, MeterRegistry meters,
                @Value("${sigil.sync.page-size:100}") int pageSize, @Value("${sigil.sync.at-start:true}") boolean atStart) {
        this.local = local;
        this.client = client;
        this.writer = writer;
        this.restores = restores;
        this.pageSize = Math.max(1, Math.min(pageSize, SyncRequest.MAX_LIMIT));
        this.atStart = atStart;
        this.last = new AtomicReference<>(new SyncStatus(local.id(), SyncStatus.IDLE, null, 0, 0, null, 0, 0, 0, 0, 0, 0,
                0, List.of(), List.of()));
        this.keysStored = Counter.builder("sigil.sync.keys.stored").description("keys stored ACTIVE by replica catch-up")
                .register(meters);
        this.tombstonesStored = Counter.builder("sigil.sync.tombstones.stored")
                .description("tombstones stored by replica catch-up (the user's signed deletion checked)").register(meters);
        this.keysDeleted = Counter.builder("sigil.sync.keys.deleted")
                .description("held keys deleted by replica catch-up on the user's signed deletion").register(meters);
        this.refusals = Counter.builder("sigil.sync.refusals").description("replica catch-up pages refused")
                .register(meters);
        Gauge.builder("sigil.sync.keys.received", keysReceived, AtomicLong::get)
                .description("keys and tombstones received in the current or last catch-up run").register(meters);
        Gauge.builder("sigil.sync.keys.total", total, AtomicLong::get)
                .description("keys and tombstones the replica being read holds").register(meters);
    }

    @EventListener
    void onServerStarted(ServerStartupEvent started) {
        if (atStart && !local.joining() && !local.retired()) { // a joining or retired node holds no keys of the running epoch
            start(restores.catchUpAfterRestorePending() ? AFTER_RESTORE : "start");
        }
    }

    /**
     * After this node committed an epoch change it still signs in: a run, so that a node of a
     * committee new in the epoch reads the other committees' tombstones (keygen §3.6) and a replica
     * that lacks a key fetches it. Peers that have not committed yet refuse its epoch and are
     * reported; the next start or {@code sigil node sync} reads them again.
     */
    @EventListener
    void onCommitted(EpochCommitted committed) {
        if (atStart && !local.retired() && local.entry().committee().isPresent()) {
            commitRetries.set(0);
            start(AFTER_COMMIT + committed.epoch());
        }
    }

    /**
     * Starts a run in the background unless one is running; then one more run is remembered and
     * starts when the running one ends (a commit learned while the start's run, still in the old
     * epoch, reads its replicas must not be lost: the new replica of an add-replicas change gets its
     * keys by exactly that run, docs/keygen.md §3.8). The status of the running (or new) run.
     */
    public SyncStatus start(String trigger) {
        if (closed) {
            return status(); // the node is stopping: a rerun or a retry after a commit waits for the next start
        }
        Run run = new Run(trigger, System.currentTimeMillis());
        if (!current.compareAndSet(null, run)) {
            rerun.set(trigger);
            // the running run may have ended between the two steps: then nobody would start the rerun
            if (current.get() == null) {
                startRerun();
            }
            return status();
        }
        keysReceived.set(0);
        total.set(0);
        runner = Thread.ofVirtual().name("replica-sync").start(() -> {
            try {
                run.execute();
            } catch (RuntimeException failed) {
                LOG.warn("replica catch-up ({}) failed: {}", trigger, failed.toString());
            } finally {
                last.set(run.status(SyncStatus.DONE, System.currentTimeMillis()));
                current.set(null);
                startRerun();
                retryAfterCommit(run);
            }
        });
        return run.status(SyncStatus.RUNNING, 0);
    }

    /** Schedules the next run after a commit's run that left a replica unread (bounded, doubling waits). */
    private void retryAfterCommit(Run run) {
        if (!run.trigger.startsWith(AFTER_COMMIT) || run.unreachable.isEmpty()) {
            return;
        }
        int attempt = commitRetries.incrementAndGet();
        if (attempt > COMMIT_RETRIES) {
            LOG.warn("replica catch-up after the commit: replicas still unread after {} runs; `sigil node sync` or the "
                    + "next start reads them", COMMIT_RETRIES);
            return;
        }
        String trigger = run.trigger.contains(" (") ? run.trigger.substring(0, run.trigger.indexOf(" (")) : run.trigger;
        Thread.ofVirtual().name("replica-sync-retry").start(() -> {
            try {
                Thread.sleep(1000L << (attempt - 1));
                start(trigger + " (again, run " + (attempt + 1) + ")");
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Starts the remembered run, if any (at most one is remembered, whatever asked for it meanwhile). */
    private void startRerun() {
        String trigger = rerun.getAndSet(null);
        if (trigger != null) {
            start(trigger + " (asked while a run was going)");
        }
    }

    /** The running run's progress, or the last run's report. */
    public SyncStatus status() {
        Run run = current.get();
        return run == null ? last.get() : run.status(SyncStatus.RUNNING, 0);
    }

    /** The other signing replicas of this node's committee, in registry order. */
    List<NodeEntry> peers() {
        int committee = local.entry().committee().orElseThrow();
        return local.registry().committee(committee).map(found -> found.signingNodes().stream()
                .filter(node -> !node.id().equals(local.id())).toList()).orElse(List.of());
    }

    /** One run over every peer; counts only grow. */
    private final class Run {
        private final String trigger;
        private final long startedAt;
        private volatile String peer;
        private volatile long stored;
        private volatile long alreadyHeld;
        private volatile long tombstones;
        private volatile long deleted;
        private volatile long withoutEvidence;
        private final List<SyncStatus.Refusal> refused = new CopyOnWriteArrayList<>();
        private final List<String> unreachable = new CopyOnWriteArrayList<>();

        Run(String trigger, long startedAt) {
            this.trigger = trigger;
            this.startedAt = startedAt;
        }

        void execute() {
            if (local.entry().committee().isEmpty()) {
                return;
            }
            SyncCheck check = new SyncCheck(local.registryChain(), local.registry(), local.id(),
                    local.entry().committee().get(), local.identity()::decrypt);
            for (NodeEntry replica : peers()) {
                peer = replica.id();
                try {
                    readAll(check, replica);
                } catch (SyncRefusedException refusal) {
                    refusals.increment();
                    refused.add(new SyncStatus.Refusal(refusal.replica(), refusal.reasonName(), refusal.detail()));
                    LOG.warn("replica catch-up: refused {}", refusal.getMessage());
                } catch (IOException | UnreadableAnswer failed) {
                    unreachable.add(replica.id() + ": " + failed.getMessage());
                    LOG.info("replica catch-up: replica {} could not be read: {}", replica.id(), failed.getMessage());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            readTombstonesOfOtherCommittees(check);
            if (AFTER_RESTORE.equals(trigger) && refused.isEmpty() && unreachable.isEmpty()) {
                restores.catchUpAfterRestoreDone();
            }
            LOG.info("replica catch-up ({}) done: {} keys stored, {} already held, {} tombstones stored, {} keys deleted,"
                    + " {} skipped without evidence, {} replicas refused, {} unreachable", trigger, stored, alreadyHeld,
                    tombstones, deleted, withoutEvidence, refused.size(), unreachable.size());
        }

        /**
         * Tombstones alone from one signing node of every other committee (the first that answers):
         * a deleted key stays deleted for a node whose committee is new in this epoch, which has no
         * replica that saw the deletion (keygen §3.6). A committee none of whose nodes answers is
         * reported unreachable; a refused page is reported like a replica's.
         */
        private void readTombstonesOfOtherCommittees(SyncCheck check) {
            int own = local.entry().committee().orElseThrow();
            for (int committee = 1; committee <= local.registry().committeeCount(); committee++) {
                if (committee == own) {
                    continue;
                }
                List<NodeEntry> nodes = local.registry().committee(committee).map(found -> found.signingNodes())
                        .orElse(List.of());
                List<String> failures = new ArrayList<>();
                boolean read = false;
                for (NodeEntry node : nodes) {
                    peer = node.id();
                    try {
                        readAll(check, node, true);
                        read = true;
                        break;
                    } catch (SyncRefusedException refusal) {
                        refusals.increment();
                        refused.add(new SyncStatus.Refusal(refusal.replica(), refusal.reasonName(), refusal.detail()));
                        LOG.warn("tombstone catch-up: refused {}", refusal.getMessage());
                        read = true;
                        break;
                    } catch (IOException | UnreadableAnswer failed) {
                        failures.add(node.id() + ": " + failed.getMessage());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (!read && !failures.isEmpty()) {
                    unreachable.add("tombstones of committee " + committee + ": " + String.join("; ", failures));
                }
            }
        }

        private void readAll(SyncCheck check, NodeEntry replica) throws IOException, InterruptedException,
                SyncRefusedException, UnreadableAnswer {
            readAll(check, replica, false);
        }

        private void readAll(SyncCheck check, NodeEntry replica, boolean tombstonesOnly) throws IOException,
                InterruptedException, SyncRefusedException, UnreadableAnswer {
            String cursor = writer.cursor(replica.id());
            while (true) {
                SyncRequest request = new SyncRequest(local.registry().networkId(), local.registry().epoch(), cursor,
                        pageSize, tombstonesOnly ? Boolean.TRUE : null);
                SignedNodeClient.Answer answer = client.postJson(replica, SyncController.PATH, request);
                for (int waited = 0; answer.status() == 429 && waited < RATE_LIMIT_WAITS; waited++) {
                    // the replica's page allowance refills within seconds: back off, then ask for the same page
                    Thread.sleep(RATE_LIMIT_BACKOFF.toMillis());
                    answer = client.postJson(replica, SyncController.PATH, request);
                }
                if (answer.status() == 429) {
                    throw new UnreadableAnswer("still rate-limited after " + RATE_LIMIT_WAITS + " waits; run the catch-up "
                            + "again later");
                }
                if (!answer.isSuccess()) {
                    throw new UnreadableAnswer("answered " + answer.status() + answer.problem().map(Problem::detail)
                            .map(detail -> ": " + detail).orElse(""));
                }
                SyncBatch batch;
                try {
                    batch = Json.read(answer.body(), SyncBatch.class);
                } catch (JsonFormatException malformed) {
                    throw new SyncRefusedException(replica.id(), SyncRefusedException.Reason.MALFORMED,
                            "the answer is not a sync page: " + malformed.getMessage());
                }
                SyncCheck.CheckedPage page = tombstonesOnly
                        ? check.checkTombstones(replica.id(), replica.committee().orElseThrow(), cursor, pageSize, batch)
                        : check.check(replica.id(), cursor, pageSize, batch);
                SyncWriter.Written written;
                try {
                    written = writer.write(replica.id(), page);
                } finally {
                    page.destroy();
                }
                if (batch.total() >= 0 && !tombstonesOnly) { // the progress total is the replica's count
                    total.set(batch.total());
                }
                keysReceived.addAndGet(page.received());
                stored += written.keysStored();
                alreadyHeld += written.keysAlreadyHeld();
                tombstones += written.tombstonesStored();
                deleted += written.keysDeleted();
                withoutEvidence += page.withoutEvidence();
                keysStored.increment(written.keysStored());
                tombstonesStored.increment(written.tombstonesStored());
                keysDeleted.increment(written.keysDeleted());
                if (page.received() > 0) {
                    LOG.info("replica catch-up from {}: {} of {} keys and tombstones read, {} stored so far", replica.id(),
                            keysReceived.get(), total.get(), stored);
                }
                if (page.nextCursor() == null) {
                    return;
                }
                cursor = page.nextCursor();
            }
        }

        SyncStatus status(String state, long finishedAt) {
            return new SyncStatus(local.id(), state, trigger, startedAt, finishedAt, peer, total.get(), keysReceived.get(),
                    stored, alreadyHeld, tombstones, deleted, withoutEvidence, new ArrayList<>(refused),
                    new ArrayList<>(unreachable));
        }
    }

    /** A replica that answered, but not with a page (refused us, rate-limited, failed). */
    private static final class UnreadableAnswer extends Exception {
        UnreadableAnswer(String message) {
            super(message);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        closed = true;
        Thread running = runner;
        if (running != null) {
            running.interrupt();
        }
    }
}
