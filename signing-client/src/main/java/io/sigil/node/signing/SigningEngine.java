package io.sigil.node.signing;

import io.micronaut.context.annotation.Value;
import io.sigil.crypto.dkls23.AbortClass;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.setup.BanListener;
import io.sigil.crypto.dkls23.setup.BanRecord;
import io.sigil.crypto.dkls23.sign.SignerInput;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.crypto.hd.ShareTweak;
import io.sigil.node.jobs.JobManager;
import io.sigil.node.jobs.JobManagerSettings;
import io.sigil.node.jobs.JobMetrics;
import io.sigil.node.jobs.JobOutcome;
import io.sigil.node.jobs.Outbound;
import io.sigil.node.jobs.PeerUnreachableException;
import io.sigil.node.jobs.SessionKey;
import io.sigil.node.jobs.SigningJob;
import io.sigil.node.jobs.SubmitResult;
import io.sigil.node.pairing.PairingException;
import io.sigil.node.pairing.PairingService;
import io.sigil.node.pairing.StoredPairStates;
import io.sigil.node.pairing.StoredSessionLog;
import io.sigil.node.transport.OutboxOverflowException;
import io.sigil.node.transport.SessionTransport;
import io.sigil.node.transport.SessionTransports;
import io.sigil.node.transport.TransportFailure;
import io.sigil.node.faults.FaultInjection;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SessionReport;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the signing sessions this node was admitted to (design §4 step 3–4, §5): opens the
 * session's transport at once (so peers' early subscriptions and messages are kept), makes sure
 * a pairwise setup exists with every peer, hands a {@link SigningJob} to the {@link JobManager},
 * and when it ends archives the signature (which the job verified) and reports to the manager. A session's
 * streams stay open for {@code sigil.transport.linger} (10 s) after it ends so slower peers
 * still fetch its last round.
 *
 * <p>Faults (design §7): a peer's stream that fails (refused, invalid envelope, sequence gap, peer
 * unreachable past the reconnect budget) ends the session at once, naming that peer, and the
 * manager hears of it straight away; a failed session counts its reason and culprits in the
 * node's {@link FaultCounters} ({@code GET /v1/faults}).
 */
@Singleton
public final class SigningEngine implements AutoCloseable {
    static final Duration PAIRING_TIMEOUT = Duration.ofSeconds(30);
    private static final String NEW_PARTY = "new-party";
    private static final Logger LOG = LoggerFactory.getLogger(SigningEngine.class);

    private final LocalNode local;
    private final SessionTransports transports;
    private final PairingService pairing;
    private final StoredPairStates pairs;
    private final StoredSessionLog usedSessions;
    private final SignatureArchive archive;
    private final ManagerReports reports;
    private final JobManager<RoundEnvelope> jobs;
    private final FaultCounters counters;
    private final FaultInjection faults;
    private final Duration linger;
    private final ScheduledExecutorService closer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sigil-session-closer").factory());
    private final SecureRandom random = new SecureRandom();
    /** Sessions joined and not yet finished. */
    private final Map<SessionKey, OpenSession> unfinished = new ConcurrentHashMap<>();

    /**
     * What a joined session needs before its job runs: the first peer lost meanwhile (it ends the
     * job as it is submitted), and the thread still waiting for a pairwise setup, if any (a lost
     * peer interrupts that wait rather than let it run out its timeout).
     */
    private static final class OpenSession {
        final AtomicReference<TransportFailure> lost = new AtomicReference<>();
        volatile Thread pairingWait;
    }

    SigningEngine(LocalNode local, SessionTransports transports, PairingService pairing, StoredPairStates pairs,
                  StoredSessionLog usedSessions, SignatureArchive archive, ManagerReports reports,
                  JobManagerSettings settings, FaultCounters counters, FaultInjection faults,
                  @Value("${sigil.transport.linger:10s}") Duration linger) {
        this.counters = counters;
        this.faults = faults;
        this.linger = linger;
        this.local = local;
        this.transports = transports;
        this.pairing = pairing;
        this.pairs = pairs;
        this.usedSessions = usedSessions;
        this.archive = archive;
        this.reports = reports;
        this.jobs = JobManager.start(settings, new Outbound<>() {
            @Override
            public void send(SessionKey session, RoundEnvelope envelope) {
                publish(session, List.of(envelope));
            }

            @Override
            public void sendAll(SessionKey session, List<RoundEnvelope> envelopes) {
                publish(session, envelopes);
            }
        });
        pairs.addListener(new BanListener() {
            @Override
            public void abortSessionsUsing(String peerNode) {
                jobs.abortSessionsInvolving(peerNode, Set.of(peerNode), "the pair with " + peerNode + " was banned");
            }

            @Override
            public void endSessionsWithoutBlame(String peerNode) {
                jobs.abortSessionsInvolving(peerNode, Set.of(), "the pair with " + peerNode
                        + " is being set up again (PairOutOfSync)");
            }

            @Override
            public void report(BanRecord ban) {
                LOG.warn("banned the pair with {}: {}", ban.peerNode(), ban.reason());
            }
        });
    }

    /** What became of a join: taken (running, queued or waiting for a pairwise setup), or refused. */
    sealed interface Joined {
        record Accepted(String state) implements Joined {
        }

        record Overloaded(long retryAfterSeconds) implements Joined {
        }

        record Refused(String detail) implements Joined {
        }
    }

    Joined join(Admission admission) {
        byte[] sessionId = admission.sessionId();
        Set<String> peers = admission.context().party().others(admission.self()).stream()
                .map(PartyId::nodeId).collect(Collectors.toSet());
        SessionKey session = SessionKey.of(sessionId);
        OpenSession open = new OpenSession();
        // The claim is atomic: of two identical new_party racing, exactly one gets past it; the
        // other is refused (409) without touching the winner's state.
        if (jobs.isActive(sessionId) || transports.find(sessionId).isPresent()
                || unfinished.putIfAbsent(session, open) != null) {
            counters.refused(NEW_PARTY, "session-in-use");
            return new Joined.Refused("session " + session.shortForm() + " is already running here");
        }
        SessionTransport transport;
        try {
            transport = transports.open(sessionId, peers,
                    envelope -> jobs.deliver(sessionId, envelope.from(), envelope),
                    failure -> transportFailed(admission, failure));
        } catch (IllegalStateException openOrClosed) {
            // the session's transport is open or has just closed: it ran here, so it is a replay
            unfinished.remove(session, open);
            counters.refused(NEW_PARTY, "session-in-use");
            return new Joined.Refused("session " + session.shortForm() + " is already running here or has ended");
        }
        boolean paired = peers.stream().allMatch(peer -> pairs.find(peer).map(state -> state.isActive()).orElse(false));
        if (paired) {
            return submit(admission, transport);
        }
        Thread waiting = Thread.ofVirtual().name("pairing-for-" + session.shortForm()).unstarted(() -> {
            try {
                for (String peer : peers) {
                    pairing.ensurePaired(peer, PAIRING_TIMEOUT);
                }
            } catch (PairingException failed) {
                open.pairingWait = null;
                Thread.interrupted(); // the report below goes over HTTP
                // a peer lost meanwhile (e.g. the responder we waited for died) is the real reason
                TransportFailure lost = open.lost.get();
                finish(admission, transport, lost != null ? outcomeOf(lost)
                        : failedOutcome("PairingFailed", Set.of(failed.peer()), failed.getMessage()));
                return;
            }
            open.pairingWait = null;
            Thread.interrupted();
            if (submit(admission, transport) instanceof Joined.Overloaded) {
                finish(admission, transport, failedOutcome("Overloaded", Set.of(), "node " + local.id() + " was overloaded"));
            }
        });
        open.pairingWait = waiting;
        waiting.start();
        return new Joined.Accepted("pairing");
    }

    private Joined submit(Admission admission, SessionTransport transport) {
        SignerInput input = new SignerInput(admission.context(), admission.self(), share(admission),
                admission.context().publicKey(), pairs, usedSessions, Clock.systemUTC());
        SigningJob job = new SigningJob(input, random);
        SubmitResult result = jobs.submit(admission.sessionId(), job);
        return switch (result) {
            case SubmitResult.Started started -> accepted(admission, transport, job, "running");
            case SubmitResult.Queued queued -> accepted(admission, transport, job, "queued");
            case SubmitResult.Overloaded overloaded -> {
                counters.refused(NEW_PARTY, "overloaded");
                unfinished.remove(SessionKey.of(admission.sessionId()));
                scheduleClose(transport, Duration.ZERO);
                yield new Joined.Overloaded(overloaded.retryAfterSeconds());
            }
            case SubmitResult.Refused refused -> {
                counters.refused(NEW_PARTY, "session-refused");
                unfinished.remove(SessionKey.of(admission.sessionId()));
                scheduleClose(transport, Duration.ZERO);
                yield new Joined.Refused("session refused: " + refused.reason());
            }
        };
    }

    /**
     * The share this session signs with: {@code x_i}, or {@code x_i + δ} under a child (keygen §4.3),
     * whose party reconstructs {@code x + δ}, the child's secret. The context's public key is the
     * child's (checked by round 1 against the SignerInput's key, so the parent's would be refused).
     */
    private static Scalar share(Admission admission) {
        Scalar share = admission.key().share();
        if (admission.tweak().isEmpty()) {
            return share;
        }
        KeyShard stored = new KeyShard(admission.key().committee(), share);
        KeyShard tweaked = ShareTweak.tweak(stored, admission.tweak().get());
        try {
            return tweaked.share();
        } finally {
            // the wipeable copies go at once; the Scalar handed on lives as long as the session
            stored.destroy();
            tweaked.destroy();
        }
    }

    private Joined accepted(Admission admission, SessionTransport transport, SigningJob job, String state) {
        job.outcome().whenComplete((outcome, error) -> finish(admission, transport, outcome));
        OpenSession open = unfinished.get(SessionKey.of(admission.sessionId()));
        TransportFailure lost = open == null ? null : open.lost.get();
        if (lost != null) {
            abort(admission, lost);
        }
        return new Joined.Accepted(state);
    }

    private void finish(Admission admission, SessionTransport transport, JobOutcome<EcdsaSignature> outcome) {
        try {
            SessionReport report = switch (outcome) {
                case JobOutcome.Completed<EcdsaSignature> completed -> done(admission, completed.result());
                case JobOutcome.Failed<EcdsaSignature> failed -> {
                    counters.failure(failed.reasonCode());
                    failed.culprits().forEach(counters::culprit);
                    yield SessionReport.failed(admission.context().requestId(),
                            (int) admission.context().attempt(), admission.sessionId(), local.id(),
                            failed.reasonCode() + ": " + failed.detail(), new ArrayList<>(failed.culprits()));
                }
                case null -> {
                    counters.failure(JobOutcome.LOCAL_ERROR);
                    yield SessionReport.failed(admission.context().requestId(), (int) admission.context().attempt(),
                            admission.sessionId(), local.id(), JobOutcome.LOCAL_ERROR, List.of());
                }
            };
            if (!faults.withholdsReports()) { // tests only: a hung member never reports
                reports.send(admission.manager(), report);
            }
        } finally {
            unfinished.remove(SessionKey.of(admission.sessionId()));
            admission.key().destroy();
            scheduleClose(transport, linger);
        }
    }

    /**
     * Spec §6.5 / design §4 step 4: the node has checked the signature itself before anyone hears
     * of it, inside the job, so it is not verified a second time here. Why that always holds for
     * this session's digest and key: the node's code makes a {@link JobOutcome.Completed} only in
     * {@code JobStep.completed}, which only {@link SigningJob} calls, with what
     * {@code SignRound3.finish} returned; that is step 10, {@code SignatureOutput.verifyAndNormalise}
     * (Bouncy Castle's {@code ECDSASigner} on {@code (r, s)}, and the exact equation
     * {@code s·R == z·G + r_x·PK} through the recovery check on the low-s form returned, so the
     * returned {@code (r, s')} verifies too: ECDSA accepts {@code s} and {@code q − s} alike). Its
     * digest and key are those of the job's {@code SignerInput.context()}, which {@link #submit}
     * built from this admission's context, the one whose digest and (child) key are read here;
     * the job's outcome future is completed by no one else ({@link SigningJob#outcome()} hands out
     * copies). A signature that fails step 10 ends the job with {@code SignatureInvalid}
     * ({@code Dkls23Abort}, not attributable), which {@link #finish} counts and reports like
     * any other failure.
     */
    private SessionReport done(Admission admission, EcdsaSignature signature) {
        SessionReport done = SessionReport.done(admission.context().requestId(), (int) admission.context().attempt(),
                admission.sessionId(), local.id(), signature);
        archive.record(done);
        return done;
    }

    private static JobOutcome<EcdsaSignature> failedOutcome(String reason, Set<String> culprits, String detail) {
        return JobOutcome.failed(reason, AbortClass.RETRY, culprits, detail);
    }

    /**
     * A peer's stream failed for good: the session cannot finish without it, so it ends now naming
     * that peer rather than at its stage deadline. While the session still waits for a pairwise
     * setup its job is not submitted yet; the failure is kept and ends the job as it is submitted.
     */
    private void transportFailed(Admission admission, TransportFailure failure) {
        SessionKey session = SessionKey.of(admission.sessionId());
        LOG.info("session {}: lost peer {} ({}): {}", session.shortForm(), failure.culprit(),
                reasonCode(failure.reason()), WireFields.printable(failure.detail()));
        // Recorded first: a job submitted after this (pairing was still running) is ended by submit.
        OpenSession open = unfinished.get(session);
        if (open != null) {
            open.lost.compareAndSet(null, failure);
            Thread waitingForPairing = open.pairingWait;
            if (waitingForPairing != null) {
                // waiting out the pairing timeout for a peer already lost would only delay the retry
                waitingForPairing.interrupt();
            }
        }
        abort(admission, failure);
    }

    private void abort(Admission admission, TransportFailure failure) {
        JobOutcome.Failed<EcdsaSignature> outcome = outcomeOf(failure);
        jobs.abort(admission.sessionId(), outcome.reasonCode(), outcome.culprits(), outcome.detail());
    }

    /** A lost peer as a session outcome: its typed reason, the peer as sole culprit. */
    private static JobOutcome.Failed<EcdsaSignature> outcomeOf(TransportFailure failure) {
        return new JobOutcome.Failed<>(reasonCode(failure.reason()), AbortClass.RETRY, Set.of(failure.culprit()),
                failure.detail());
    }

    static String reasonCode(TransportFailure.Reason reason) {
        return switch (reason) {
            case REFUSED -> JobOutcome.REFUSED;
            case INVALID_ENVELOPE, SEQUENCE_GAP -> JobOutcome.INVALID_MESSAGE;
            case UNREACHABLE -> JobOutcome.PEER_UNREACHABLE;
        };
    }

    /** A round's envelopes go out together: one wake-up of each peer's connection, not one per envelope. */
    private void publish(SessionKey session, List<RoundEnvelope> envelopes) {
        if (envelopes.isEmpty()) {
            return;
        }
        SessionTransport transport = transports.find(session.bytes()).orElseThrow(() ->
                new PeerUnreachableException(envelopes.getFirst().to().isEmpty() ? local.id() : envelopes.getFirst().to(),
                        "the session's transport is closed"));
        try {
            transport.publishAll(envelopes);
        } catch (OutboxOverflowException lagging) {
            throw new PeerUnreachableException(lagging.subscriber(), "it does not read its stream fast enough");
        }
    }

    private void scheduleClose(SessionTransport transport, Duration delay) {
        closer.schedule(transport::close, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The job manager's gauges and counters (exported by {@link SessionMeters}). */
    public JobMetrics jobMetrics() {
        return jobs.metrics();
    }

    @PreDestroy
    @Override
    public void close() {
        jobs.close();
        closer.shutdownNow();
    }
}
