package io.sigil.node.jobs;

import io.sigil.crypto.dkls23.AbortClass;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The part of the {@link JobManager} that runs on a session's lane: calls into the job, fixes
 * stage deadlines, turns failures into outcomes and ends sessions. The manager's bookkeeping is
 * reached through {@link Ledger}, which takes the manager's lock; nothing here runs under it.
 */
final class SessionDriver<M> {

    /** The manager's side of ending a session. */
    interface Ledger<M> {
        void timeoutCheckTaken(Session<M, ?> session, boolean timedOut);

        /** Removes the ended session and returns the queued sessions that now start. */
        List<Session<M, ?>> removeEnded(Session<M, ?> session, boolean completed);
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

    private final JobManagerSettings settings;
    private final Outbound<M> outbound;
    private final Clock clock;
    private final Ledger<M> ledger;

    SessionDriver(JobManagerSettings settings, Outbound<M> outbound, Clock clock, Ledger<M> ledger) {
        this.settings = settings;
        this.outbound = outbound;
        this.clock = clock;
        this.ledger = ledger;
    }

    <R> void start(Session<M, R> session) {
        if (session.ended) {
            return;
        }
        JobSink<M> sink = new JobSink<>() {
            @Override
            public void send(M message) {
                outbound.send(session.key, message);
            }

            @Override
            public void sendAll(List<M> messages) {
                outbound.sendAll(session.key, messages);
            }
        };
        step(session, () -> session.job.start(sink));
    }

    <R> void message(Session<M, R> session, String from, M message) {
        if (session.ended) {
            return;
        }
        step(session, () -> session.job.onMessage(from, message));
    }

    /** Ends the session on a timeout if, on this turn of the lane, its stage is still overdue. */
    <R> void checkTimeout(Session<M, R> session, int stageAtPoll) {
        // The stage may have moved on between the poll and this turn of the lane.
        boolean overdue = !session.ended && session.stage == stageAtPoll
                && !clock.instant().isBefore(session.deadline);
        ledger.timeoutCheckTaken(session, overdue);
        if (!overdue) {
            return;
        }
        Set<String> waitingFor = Set.copyOf(session.job.waitingFor());
        LOG.info("session {}: stage {} timed out waiting for {}", session.key, stageAtPoll, waitingFor);
        finish(session, JobOutcome.failed(JobOutcome.TIMEOUT, AbortClass.RETRY, waitingFor,
                "stage " + stageAtPoll + " deadline passed"));
    }

    <R> void endFromOutside(Session<M, R> session, String reasonCode, AbortClass abortClass,
            Set<String> culprits, String detail) {
        if (!session.ended) {
            finish(session, JobOutcome.failed(reasonCode, abortClass, culprits, detail));
        }
    }

    /** For a session that never started: nothing else calls into its job, so any thread may. */
    <R> void endQueued(Session<M, R> session, String reasonCode, AbortClass abortClass,
            Set<String> culprits, String detail) {
        session.ended = true;
        tellJob(session, JobOutcome.failed(reasonCode, abortClass, culprits, detail));
    }

    private <R> void step(Session<M, R> session, Supplier<JobStep<R>> call) {
        MDC.put("session", session.key.shortForm());
        try {
            JobStep<R> step;
            try {
                step = call.get();
            } catch (PeerUnreachableException unreachable) {
                step = JobStep.ended(JobOutcome.failed(JobOutcome.PEER_UNREACHABLE, AbortClass.RETRY,
                        Set.of(unreachable.peer()), unreachable.getMessage()));
            } catch (RuntimeException error) {
                LOG.error("session {}: job failed with {}", session.key, error.getClass().getName());
                step = JobStep.ended(JobOutcome.failed(JobOutcome.LOCAL_ERROR, AbortClass.LOCAL,
                        Set.of(), error.getClass().getSimpleName()));
            }
            if (step instanceof JobStep.Ended<R> ended) {
                finish(session, ended.outcome());
                return;
            }
            int stage = session.job.stage();
            if (stage != session.stage) {
                // A new stage: its deadline is fixed now and only a new stage replaces it.
                session.stage = stage;
                session.deadline = clock.instant().plus(settings.stageTimeout());
            }
        } finally {
            MDC.remove("session");
        }
    }

    private <R> void finish(Session<M, R> session, JobOutcome<R> outcome) {
        session.ended = true;
        if (outcome instanceof JobOutcome.Failed<R> failure) {
            LOG.info("session {}: failed {} {} culprits={}", session.key, failure.reasonCode(),
                    failure.abortClass(), failure.culprits());
        }
        // Bookkeeping first, so whoever the job tells about its outcome sees the session gone.
        List<Session<M, ?>> started = ledger.removeEnded(session, outcome instanceof JobOutcome.Completed<R>);
        tellJob(session, outcome);
        started.forEach(next -> next.lane.kick());
    }

    private static <M, R> void tellJob(Session<M, R> session, JobOutcome<R> outcome) {
        try {
            session.job.ended(outcome);
        } catch (RuntimeException error) {
            LOG.error("session {}: ended() failed with {}", session.key, error.getClass().getName());
        }
    }
}
