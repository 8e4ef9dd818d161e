package io.sigil.node.jobs;

import io.sigil.crypto.dkls23.AbortClass;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a node's multi-party sessions (design §5), learned from Webb's signing manager and
 * Chainflip's ceremony manager.
 *
 * <ul>
 *   <li>Sessions are keyed by session id. At most {@code maxRunning} run at once; the others wait
 *       in a bounded FIFO queue; when it is full, {@link #submit} answers
 *       {@link SubmitResult.Overloaded} with a Retry-After hint instead of growing.</li>
 *   <li>Messages for a session that is not running yet are buffered (bounded per sender, per
 *       session and in sessions, with a time-to-live) and handed over in arrival order when it
 *       starts. Duplicates (same sender, same {@link Job#messageKey}) are ignored; messages from
 *       outside the job's peers are refused. Each case is counted.</li>
 *   <li>{@link #poll} (every {@code pollInterval} once {@link #startPolling} ran) ends a session
 *       whose stage deadline passed, naming the peers it still waits for. The deadline is fixed
 *       by this node when a stage starts; messages that do not start a new stage never move it.</li>
 *   <li>Ended sessions are removed; their results are the job's business ({@link Job#ended}).</li>
 * </ul>
 *
 * <p>Threading: each session runs on its own {@link SerialLane} over the shared executor (virtual
 * threads by default): one call into the job at a time, different sessions in parallel. The
 * manager's bookkeeping is guarded by one lock that is never held while a job runs.
 */
public final class JobManager<M> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

    private final JobManagerSettings settings;
    private final Executor executor;
    private final Clock clock;
    private final ExecutorService ownedExecutor;
    private final SessionDriver<M> driver;

    private final Object lock = new Object();
    private final Map<SessionKey, Session<M, ?>> sessions = new HashMap<>();
    private final ArrayDeque<Session<M, ?>> queue = new ArrayDeque<>();
    private final EarlyMessageBuffer<M> buffer;
    private final LinkedHashMap<SessionKey, Instant> recentlyEnded = new LinkedHashMap<>();
    private int running;
    private long dropped;
    private long refused;
    private long duplicates;
    private long overloaded;
    private long timeouts;
    private long completed;
    private long failed;
    private boolean closed;
    private ScheduledExecutorService poller;

    /**
     * @param executor runs the sessions' lanes; a direct executor ({@code Runnable::run}) makes
     *                 the manager single-threaded and deterministic, for tests
     * @param clock    source of "now" for stage deadlines and buffer time-to-live
     */
    public JobManager(JobManagerSettings settings, Outbound<M> outbound, Executor executor, Clock clock) {
        this(settings, outbound, executor, clock, null);
    }

    private JobManager(JobManagerSettings settings, Outbound<M> outbound, Executor executor,
            Clock clock, ExecutorService ownedExecutor) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(outbound, "outbound");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ownedExecutor = ownedExecutor;
        this.buffer = new EarlyMessageBuffer<>(settings);
        this.driver = new SessionDriver<>(settings, outbound, clock, new ManagerLedger());
    }

    /** A manager on virtual threads and the system clock, polling every {@code pollInterval}. */
    public static <M> JobManager<M> start(JobManagerSettings settings, Outbound<M> outbound) {
        ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
        JobManager<M> manager = new JobManager<>(settings, outbound, virtualThreads,
                Clock.systemUTC(), virtualThreads);
        manager.startPolling();
        return manager;
    }

    public JobManagerSettings settings() {
        return settings;
    }

    /** Starts calling {@link #poll} every {@code pollInterval} on a daemon thread. Idempotent. */
    public void startPolling() {
        synchronized (lock) {
            if (poller != null || closed) {
                return;
            }
            poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("sigil-job-poll").factory());
            long period = settings.pollInterval().toNanos();
            poller.scheduleWithFixedDelay(this::pollSafely, period, period, TimeUnit.NANOSECONDS);
        }
    }

    /** Takes a new session: starts it, queues it, or refuses it (full queue, id in use or used). */
    public <R> SubmitResult submit(byte[] sessionId, Job<M, R> job) {
        SessionKey key = SessionKey.of(sessionId);
        Objects.requireNonNull(job, "job");
        Session<M, R> session = new Session<>(key, job, new SerialLane(executor));
        SubmitResult result;
        synchronized (lock) {
            if (closed) {
                return new SubmitResult.Refused(SubmitResult.Reason.SHUT_DOWN);
            }
            if (sessions.containsKey(key)) {
                return new SubmitResult.Refused(SubmitResult.Reason.SESSION_IN_USE);
            }
            if (recentlyEnded.containsKey(key)) {
                return new SubmitResult.Refused(SubmitResult.Reason.SESSION_FINISHED);
            }
            if (running < settings.maxRunning() && queue.isEmpty()) {
                sessions.put(key, session);
                open(session);
                result = new SubmitResult.Started();
            } else if (queue.size() < settings.maxQueued()) {
                sessions.put(key, session);
                session.state = Session.State.QUEUED;
                queue.addLast(session);
                result = new SubmitResult.Queued(queue.size());
            } else {
                overloaded++;
                return new SubmitResult.Overloaded(settings.retryAfterSeconds());
            }
        }
        session.lane.kick();
        return result;
    }

    /** Hands an inbound message from the authenticated sender {@code from} to its session. */
    public DeliveryResult deliver(byte[] sessionId, String from, M message) {
        SessionKey key = SessionKey.of(sessionId);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(message, "message");
        Session<M, ?> session;
        DeliveryResult result;
        synchronized (lock) {
            session = sessions.get(key);
            if (closed || recentlyEnded.containsKey(key)) {
                dropped++;
                return DeliveryResult.LATE;
            }
            if (session == null || session.state == Session.State.QUEUED) {
                if (buffer.add(key, from, message, clock.instant())) {
                    return DeliveryResult.BUFFERED;
                }
                dropped++;
                return DeliveryResult.DROPPED;
            }
            result = accept(session, from, message);
        }
        session.lane.kick();
        return result;
    }

    /**
     * Ends every session that has {@code peerNode} among its peers, blaming {@code culprits}: the
     * peer for a ban (spec §8, step 2), nobody when the pair is only set up again. Running
     * sessions end on their own lane; queued ones at once. Returns how many sessions were ended.
     * Safe to call from inside a job (e.g. from a ban listener).
     */
    public int abortSessionsInvolving(String peerNode, Set<String> culprits, String detail) {
        List<Session<M, ?>> toKick = new ArrayList<>();
        List<Session<M, ?>> dequeued = new ArrayList<>();
        synchronized (lock) {
            for (Session<M, ?> session : sessions.values()) {
                if (!session.peers.contains(peerNode)) {
                    continue;
                }
                if (session.state == Session.State.RUNNING) {
                    session.lane.add(() -> driver.endFromOutside(session, JobOutcome.ABORTED,
                            AbortClass.RETRY, culprits, detail));
                    toKick.add(session);
                } else {
                    dequeued.add(session);
                }
            }
            for (Session<M, ?> session : dequeued) {
                removeQueued(session);
            }
        }
        for (Session<M, ?> session : dequeued) {
            driver.endQueued(session, JobOutcome.ABORTED, AbortClass.RETRY, culprits, detail);
        }
        toKick.forEach(session -> session.lane.kick());
        return toKick.size() + dequeued.size();
    }

    /**
     * Ends one session at once with a typed {@code reasonCode}, blaming {@code culprits} (e.g. the
     * peer whose stream failed). A running session ends on its own lane, after whatever it is
     * doing now; a queued one at once. Returns false when no such session is queued or running
     * (it never started here, or has ended already). Safe to call from any thread.
     */
    public boolean abort(byte[] sessionId, String reasonCode, Set<String> culprits, String detail) {
        SessionKey key = SessionKey.of(sessionId);
        Objects.requireNonNull(reasonCode, "reasonCode");
        Set<String> blamed = Set.copyOf(culprits);
        Session<M, ?> session;
        boolean queued;
        synchronized (lock) {
            session = sessions.get(key);
            if (session == null) {
                return false;
            }
            queued = session.state == Session.State.QUEUED;
            if (queued) {
                removeQueued(session);
            } else {
                session.lane.add(() -> driver.endFromOutside(session, reasonCode, AbortClass.RETRY, blamed, detail));
            }
        }
        if (queued) {
            driver.endQueued(session, reasonCode, AbortClass.RETRY, blamed, detail);
        } else {
            session.lane.kick();
        }
        return true;
    }

    /**
     * Ends sessions whose stage deadline has passed, and drops early messages and remembered
     * session ids whose time-to-live has passed. Called by the poller; tests call it directly.
     */
    public void poll() {
        Instant now = clock.instant();
        List<Session<M, ?>> toKick = new ArrayList<>();
        synchronized (lock) {
            dropped += buffer.expire(now);
            Iterator<Map.Entry<SessionKey, Instant>> ended = recentlyEnded.entrySet().iterator();
            while (ended.hasNext() && !now.isBefore(ended.next().getValue())) {
                ended.remove();
            }
            for (Session<M, ?> session : sessions.values()) {
                Instant deadline = session.deadline;
                if (session.state == Session.State.RUNNING && deadline != null
                        && !now.isBefore(deadline) && !session.timeoutCheckPending) {
                    session.timeoutCheckPending = true;
                    int stage = session.stage;
                    session.lane.add(() -> driver.checkTimeout(session, stage));
                    toKick.add(session);
                }
            }
        }
        toKick.forEach(session -> session.lane.kick());
    }

    public JobMetrics metrics() {
        synchronized (lock) {
            return new JobMetrics(running, queue.size(), buffer.size(), dropped, refused, duplicates,
                    overloaded, timeouts, completed, failed);
        }
    }

    /** Whether the session is known (queued or running). */
    public boolean isActive(byte[] sessionId) {
        synchronized (lock) {
            return sessions.containsKey(SessionKey.of(sessionId));
        }
    }

    /** Stops polling, refuses new work and ends every session with {@link JobOutcome#SHUTDOWN}. */
    @Override
    public void close() {
        List<Session<M, ?>> runningSessions = new ArrayList<>();
        List<Session<M, ?>> queuedSessions;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (poller != null) {
                poller.shutdownNow();
            }
            queuedSessions = new ArrayList<>(queue);
            queuedSessions.forEach(this::removeQueued);
            for (Session<M, ?> session : sessions.values()) {
                session.lane.add(() -> driver.endFromOutside(session, JobOutcome.SHUTDOWN, AbortClass.LOCAL,
                        Set.of(), "node shutting down"));
                runningSessions.add(session);
            }
        }
        queuedSessions.forEach(session -> driver.endQueued(session, JobOutcome.SHUTDOWN, AbortClass.LOCAL,
                Set.of(), "node shutting down"));
        runningSessions.forEach(session -> session.lane.kick());
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }

    // ---- under the lock -------------------------------------------------------------------

    /** Marks the session running and puts its start and its early messages on its lane. */
    private void open(Session<M, ?> session) {
        session.state = Session.State.RUNNING;
        running++;
        session.lane.add(() -> driver.start(session));
        for (EarlyMessageBuffer.Entry<M> early : buffer.take(session.key)) {
            accept(session, early.from(), early.message());
        }
    }

    private DeliveryResult accept(Session<M, ?> session, String from, M message) {
        if (!session.peers.contains(from)) {
            refused++;
            LOG.debug("session {}: refused a message from {}, not a peer", session.key, from);
            return DeliveryResult.REFUSED;
        }
        Object messageKey;
        try {
            messageKey = session.job.messageKey(message);
        } catch (RuntimeException malformed) {
            refused++;
            return DeliveryResult.REFUSED;
        }
        if (!session.seen.add(new Session.Seen(from, messageKey))) {
            duplicates++;
            return DeliveryResult.DUPLICATE;
        }
        session.lane.add(() -> driver.message(session, from, message));
        return DeliveryResult.DELIVERED;
    }

    private void removeQueued(Session<M, ?> session) {
        queue.remove(session);
        sessions.remove(session.key);
        recentlyEnded.put(session.key, clock.instant().plus(settings.bufferTimeToLive()));
        buffer.take(session.key);
        failed++;
    }

    /** Opens queued sessions while there is room; returns them for kicking after the lock. */
    private List<Session<M, ?>> promoteQueued() {
        List<Session<M, ?>> started = new ArrayList<>();
        while (!closed && running < settings.maxRunning() && !queue.isEmpty()) {
            Session<M, ?> next = queue.removeFirst();
            open(next);
            started.add(next);
        }
        return started;
    }

    // ---- the ledger, called from lanes ------------------------------------------------------

    private final class ManagerLedger implements SessionDriver.Ledger<M> {
        @Override
        public void timeoutCheckTaken(Session<M, ?> session, boolean timedOut) {
            synchronized (lock) {
                session.timeoutCheckPending = false;
                if (timedOut) {
                    timeouts++;
                }
            }
        }

        @Override
        public List<Session<M, ?>> removeEnded(Session<M, ?> session, boolean succeeded) {
            synchronized (lock) {
                sessions.remove(session.key);
                recentlyEnded.put(session.key, clock.instant().plus(settings.bufferTimeToLive()));
                running--;
                if (succeeded) {
                    completed++;
                } else {
                    failed++;
                }
                return promoteQueued();
            }
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.error("job poll failed: {}", e.getClass().getName());
        }
    }
}
