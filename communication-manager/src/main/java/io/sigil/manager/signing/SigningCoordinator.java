package io.sigil.manager.signing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.json.Json;
import io.sigil.manager.admission.KeyDirectory;
import io.sigil.manager.keygen.ActivationsInFlight;
import io.sigil.manager.results.AcceptedRequests;
import io.sigil.manager.results.FinalResults;
import io.sigil.manager.store.RequestStore;
import io.sigil.manager.store.StoredRequest;
import io.sigil.party.NotEnoughCommitteesException;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.batch.BatchedPosts;
import io.sigil.service.batch.InvalidBatchAnswerException;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.Problem;
import io.sigil.wire.sign.BatchBounds;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import io.sigil.wire.sign.UserRefusal;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Drives each accepted sign request through its attempts (design §4 steps 2–5), one virtual
 * thread per request: pick the party by {@link PartyChooser} (culprits so far and nodes believed
 * down left out), post {@code new_party} to every member, wait for a verified signature or a
 * failure, and retry with {@code attempt + 1} up to {@link ManagerSettings#maxAttempts()}.
 *
 * <p>Every step is written to the {@link RequestStore} before it is acted on: the attempt number
 * before any {@code new_party} of that attempt is posted. A new request is stored with its first
 * attempt already reserved ({@link StoredRequest#accepted}), in the same synced write, so attempt 1
 * needs no write of its own; later attempts are stored one by one. That accepting write runs while
 * attempt 1 is chosen and posted (docs/security.md, "The accepting write"): the replay check is made
 * in memory first ({@link AcceptedRequests}), the {@code 202} follows the write, and nothing else is
 * written or announced (no retry, no final status) before the write ended; a request whose write
 * failed ends without a trace. On start the manager resumes
 * every pending request with the number after the stored one (an attempt number, and so a session
 * id, is never used twice, even when the reserved attempt never went out), or fails it when it
 * expired meanwhile. An
 * attempt cut short by the restart does not use up the budget: a resumed request always gets at
 * least one more attempt (its expiry bounds crash loops).
 *
 * <p>Faults are counted in {@link FaultCounters}: refused sign requests and reports by reason,
 * every culprit of a failed attempt, every final failure by reason.
 */
@Singleton
public final class SigningCoordinator {
    static final String NEW_PARTY_PATH = "/v1/new_party";
    static final String NEW_PARTY_BATCH_PATH = "/v1/new_party/batch";
    static final String EXPIRED_WHILE_DOWN = "expired while the manager was down";
    static final String POLICY_DENIED = Problem.TYPE_PREFIX + "policy-denied";
    private static final Logger LOG = LoggerFactory.getLogger(SigningCoordinator.class);

    private final LocalNode local;
    private final BatchedPosts newParties;
    private final RequestStore store;
    private final ManagerSettings settings;
    private final NodeAvailability availability;
    private final PendingLimits limits;
    private final FaultCounters faults;
    private final MeterRegistry meters;
    private final KeyDirectory keys;
    private final ActivationsInFlight activations;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, ActiveRequest> running = new ConcurrentHashMap<>();
    private final FinalResults<SignatureStatus> finals = new FinalResults<>();
    private final AcceptedRequests claims = new AcceptedRequests();
    /** Signed requests whose final status the client may have seen but whose synced write has not ended. */
    private final Map<String, StoredRequest> signedUnwritten = new ConcurrentHashMap<>();
    private final ArchivedSignatures archived;
    /** Tests only: runs right before a signed request's final status is written. */
    volatile Runnable beforeSignedWrite = () -> { };
    /** Tests only: runs right before a new request's accepting (synced) write, while attempt 1 already runs. */
    volatile Runnable beforeAcceptingWrite = () -> { };
    private final AtomicBoolean resumed = new AtomicBoolean();

    SigningCoordinator(LocalNode local, SignedNodeClient client, RequestStore store, ManagerSettings settings,
                       NodeAvailability availability, PendingLimits limits, FaultCounters faults,
                       MeterRegistry meters, KeyDirectory keys, ActivationsInFlight activations) {
        this.keys = keys;
        this.activations = activations;
        this.local = local;
        // new_party calls to one node coalesce while one is in flight (docs/performance.md)
        this.newParties = new BatchedPosts(client, NEW_PARTY_PATH, NEW_PARTY_BATCH_PATH, BatchBounds.NEW_PARTY_MAX_ITEMS,
                BatchBounds.NEW_PARTY_MAX_BYTES).counted(meters, "new_party");
        this.store = store;
        this.settings = settings;
        this.availability = availability;
        this.limits = limits;
        this.faults = faults;
        this.meters = meters;
        this.archived = new ArchivedSignatures(client, faults, workers);
    }

    /**
     * Stores a checked request as pending and starts its attempts; attempt 1 starts while the
     * synced write runs, and this returns once that write ended.
     *
     * @throws ApiProblemException {@code 400} for a threshold above the committee count, {@code 409}
     *     when the request id is already known (a replay, also of a request from before a restart),
     *     {@code 429}/{@code 503} from {@link PendingLimits}
     */
    public String accept(SignRequest request) {
        String requestId = request.requestId();
        if (request.threshold() > local.registry().committeeCount()) {
            faults.refused("sign-request", "malformed");
            throw ApiProblemException.badRequest("threshold: " + request.threshold() + " exceeds the "
                    + local.registry().committeeCount() + " committees of this network");
        }
        // claimed in memory before anything runs: a replay arriving during the write cannot start a second drive
        if (!claims.claim(requestId, request.expiresAt(), id -> store.find(id).isPresent())) {
            throw replayed(requestId);
        }
        try {
            keys.check(request);
        } catch (ApiProblemException userFault) {
            claims.release(requestId); // nothing stored: the same request may come again (AcceptedRequests)
            faults.refused("sign-request", "key-refused");
            throw userFault;
        }
        try {
            limits.acquire(request.userId());
        } catch (ApiProblemException busy) {
            claims.release(requestId); // a 429 or 503 asks the client to send this very request again
            faults.refused("sign-request", busy.status().getCode() == 429 ? "too-many-pending" : "overloaded");
            throw busy;
        }
        // one synced write stores the request and reserves its attempt 1 (docs/performance.md); the
        // drive chooses and posts attempt 1 meanwhile and waits for this write before any other
        StoredRequest pending = StoredRequest.accepted(requestId, request, System.currentTimeMillis());
        CompletableFuture<Boolean> stored = new CompletableFuture<>();
        start(pending, pending.attempts(), stored);
        boolean inserted;
        try {
            beforeAcceptingWrite.run();
            inserted = store.insertIfAbsent(pending);
        } catch (RuntimeException notWritten) {
            stored.complete(false);
            throw notWritten;
        }
        stored.complete(inserted);
        if (!inserted) {
            throw replayed(requestId);
        }
        return requestId;
    }

    private ApiProblemException replayed(String requestId) {
        faults.refused("sign-request", "replayed");
        return ApiProblemException.conflict("request " + requestId + " is already known; a sign request is "
                + "served once (fetch its result from /v1/signature/" + requestId + ")");
    }

    /**
     * @param reserved the attempt number the store already holds for this request and that no
     *     {@code new_party} has used yet (a request just accepted), or 0 when the stored number may
     *     have been used (a resumed request goes on with the next)
     * @param stored completes when the accepting write ended, true when it stored the request
     *     (already true for a resumed one)
     */
    private void start(StoredRequest pending, int reserved, CompletableFuture<Boolean> stored) {
        ActiveRequest active = new ActiveRequest();
        running.put(pending.requestId(), active);
        try {
            workers.execute(() -> drive(pending, reserved, active, stored));
        } catch (RejectedExecutionException shuttingDown) {
            running.remove(pending.requestId(), active);
            limits.release(pending.request().userId());
            LOG.info("request {} stays pending: the manager is shutting down; it resumes on the next start",
                    pending.requestId());
        }
    }

    /** Resumes the pending requests of the store once the server listens (so reports can arrive). */
    @EventListener
    void onServerStarted(ServerStartupEvent started) {
        resumePending();
    }

    void resumePending() {
        if (!resumed.compareAndSet(false, true)) {
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        for (StoredRequest stored : store.pending()) {
            if (running.containsKey(stored.requestId())) {
                continue;
            }
            if (now >= stored.request().expiresAt()) {
                workers.execute(() -> adoptOrExpire(stored));
                continue;
            }
            LOG.info("resuming request {} after attempt {}", stored.requestId(), stored.attempts());
            limits.resumed(stored.request().userId());
            start(stored, 0, STORED);
        }
    }

    /**
     * A request that expired while the manager was down fails, unless an attempt before the
     * restart signed it: the client may already hold that signature, so it is adopted instead.
     */
    private void adoptOrExpire(StoredRequest stored) {
        try {
            SignRequest request = stored.request();
            Optional<EcdsaSignature> adopted = archived.find(local.registry(), stored.requestId(), request.signingKey(),
                    request.digest());
            if (adopted.isPresent()) {
                finish(done(stored, adopted.get(), stored.culprits()), null, STORED);
                return;
            }
            finish(failure(stored, EXPIRED_WHILE_DOWN + " (after " + stored.attempts() + " attempt(s))",
                    stored.culprits()), "expired-while-manager-down", STORED);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            LOG.info("request {} stays pending: the manager is shutting down", stored.requestId());
        } catch (RuntimeException storeClosed) {
            LOG.warn("could not settle request {}, expired while the manager was down", stored.requestId(), storeClosed);
        }
    }

    public Optional<SignatureStatus> status(String requestId) {
        // a signature whose write is in flight is already what the client may have seen: served from memory
        StoredRequest unwritten = signedUnwritten.get(requestId);
        if (unwritten != null) {
            return Optional.of(unwritten.toStatus());
        }
        return store.find(requestId).map(StoredRequest::toStatus);
    }

    /** Completes with the final status; at once if it is already final. Empty for an unknown id. */
    public Optional<CompletableFuture<SignatureStatus>> whenFinal(String requestId) {
        return finals.whenFinal(requestId, this::status, SignatureStatus::finished);
    }

    /** Tests only: whether a drive of the request still runs. */
    boolean driving(String requestId) {
        return running.containsKey(requestId);
    }

    /**
     * Requests not yet finished, as {@link #status} serves them: a signature whose final write is
     * still in flight is already done (its waiters were woken before that write).
     */
    public List<StoredRequest> pending() {
        return store.pending().stream().filter(request -> !signedUnwritten.containsKey(request.requestId())).toList();
    }

    /**
     * A member's report of an attempt of a request.
     *
     * @return true when it was taken, false when it came too late to matter (the attempt or the
     *     request was already settled) and is ignored
     * @throws ApiProblemException {@code 404} for an unknown request, {@code 409} for an attempt that
     *     never ran, plus what {@link Attempt#report} refuses
     */
    public boolean report(NodeEntry sender, SessionReport report) {
        if (!report.nodeId().equals(sender.id())) {
            faults.refused("report", "not-in-party");
            throw ApiProblemException.forbidden("node " + sender.id() + " signed a report for node " + report.nodeId());
        }
        ActiveRequest active = running.get(report.requestId());
        Optional<Attempt> attempt = active == null ? Optional.empty() : active.attempt(report.attempt());
        if (attempt.isEmpty()) {
            Optional<StoredRequest> stored = store.find(report.requestId());
            if (stored.isEmpty()) {
                faults.refused("report", "unknown-request");
                throw ApiProblemException.notFound("no sign request " + report.requestId());
            }
            if (stored.get().finished() || report.attempt() <= stored.get().attempts()) {
                // the request is final, or the attempt ran before a restart: nothing left to do with it
                return false;
            }
            faults.refused("report", "wrong-session");
            throw ApiProblemException.conflict("attempt " + report.attempt() + " of request " + report.requestId()
                    + " is not running");
        }
        if (attempt.get().report(sender.id(), report)) {
            return true;
        }
        if (SessionReport.DONE.equals(report.status())) {
            EcdsaSignature signature = attempt.get().lateSignature(sender.id(), report);
            LOG.info("request {}: a verified signature of settled attempt {} arrived from {}", report.requestId(),
                    report.attempt(), sender.id());
            active.lateSignature(signature);
            return true;
        }
        return false;
    }

    private void drive(StoredRequest accepted, int reserved, ActiveRequest active, CompletableFuture<Boolean> stored) {
        MDC.put("requestId", accepted.requestId());
        try {
            Result result = runAttempts(accepted, reserved, active, stored);
            finish(result.request(), result.failureKind(), stored);
        } catch (NotStoredException neverAccepted) {
            LOG.info("request {} was not stored; its drive ends without a trace", accepted.requestId());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            LOG.info("stopped driving request {}; it stays pending in the store", accepted.requestId());
        } catch (RuntimeException failure) {
            LOG.error("driving request {} failed", accepted.requestId(), failure);
            if (!stored.join()) {
                return; // never stored: there is nothing to record
            }
            try {
                StoredRequest latest = store.find(accepted.requestId()).orElse(accepted);
                finish(failure(latest, "internal error of the manager", latest.culprits()), "internal-error", stored);
            } catch (RuntimeException storeClosed) {
                LOG.warn("could not record the failure of request {}", accepted.requestId());
            }
        } finally {
            running.remove(accepted.requestId(), active);
            limits.release(accepted.request().userId());
            MDC.remove("requestId");
        }
    }

    /** The final state of a request, and for a failure its counter key. */
    private record Result(StoredRequest request, String failureKind) {
    }

    private Result runAttempts(StoredRequest accepted, int reserved, ActiveRequest active,
                               CompletableFuture<Boolean> stored) throws InterruptedException {
        SignRequest request = accepted.request();
        // the party is picked on the parent key (the nodes check the same selection); the session
        // and the final check are under the key that signs: the BIP32 child when a path is given
        Point publicKey = request.publicKeyPoint();
        Point signingKey = request.signingKey();
        byte[] digest = request.digest();
        Set<String> culprits = new LinkedHashSet<>(accepted.culprits());
        // replicas that answered unknown-key, and those still activating a network key this manager
        // has just answered for (docs/keygen.md §6.1): left out like nodes believed down, never blamed
        Set<String> lackingKey = new LinkedHashSet<>(activations.activating(request.userId(), request.keyId()));
        int firstNumber = reserved > 0 ? reserved : accepted.attempts() + 1;
        // the status counts the attempts made: a reserved attempt counts once it is made
        StoredRequest current = accepted.withAttempt(firstNumber - 1, accepted.culprits());
        String lastReason = "no attempt was made";
        if (reserved == 0 && accepted.attempts() >= 1) {
            // a resume: an earlier attempt may have signed, and the client may hold that signature
            // (the event goes out before the final write); adopt it rather than sign again
            Optional<EcdsaSignature> adopted = archived.find(local.registry(), accepted.requestId(), signingKey, digest);
            if (adopted.isPresent()) {
                return new Result(done(current, adopted.get(), culprits), null);
            }
        }
        int lastNumber = Math.min(NewParty.MAX_ATTEMPT, Math.max(settings.maxAttempts(), firstNumber));
        for (int number = firstNumber; number <= lastNumber; number++) {
            Optional<EcdsaSignature> late = active.lateSignature();
            if (late.isPresent()) {
                return new Result(done(current, late.get(), culprits), null);
            }
            if (System.currentTimeMillis() / 1000 >= request.expiresAt()) {
                return new Result(failure(current, "the request expired after " + (number - 1) + " attempt(s); last: "
                        + lastReason, culprits), "expired");
            }
            PartyChooser.Choice choice;
            try {
                choice = PartyChooser.choose(local.registry(), publicKey, digest, current.requestId(), number,
                        request.threshold(), List.copyOf(culprits), union(availability.downNodes(), lackingKey));
            } catch (NotEnoughCommitteesException exhausted) {
                return new Result(failure(current, "no party left after " + (number - 1) + " attempt(s): "
                        + exhausted.getMessage() + "; last: " + lastReason, culprits), "no-party-left");
            }
            current = current.withAttempt(number, List.copyOf(culprits));
            if (number != reserved) {
                // a retry's number is written after the accepting write, never before
                requireStored(stored);
                store.update(current);
            }
            AttemptOutcome outcome = runAttempt(request, current.requestId(), number, choice, signingKey, digest, active);
            switch (outcome) {
                case AttemptOutcome.Signed signed -> {
                    LOG.info("request {} signed in attempt {}", current.requestId(), number);
                    return new Result(done(current, signed.signature(), culprits), null);
                }
                case AttemptOutcome.Denied denied -> {
                    return new Result(refusedByPolicy(current, denied), denied.disagreement()
                            ? "policy-disagreement" : "policy-denied");
                }
                case AttemptOutcome.RefusedByUser refused -> {
                    LOG.info("request {} refused as the user's fault: {}", current.requestId(), refused.reason());
                    return new Result(current.failed(refused.reason() + "; no node was blamed", List.copyOf(culprits)),
                            "refused-by-user");
                }
                case AttemptOutcome.ReplicaLacksKey lacking -> {
                    lackingKey.add(lacking.nodeId());
                    lastReason = lacking.reason();
                    LOG.info("request {}: {}; the next attempt leaves it out", current.requestId(), lacking.reason());
                }
                case AttemptOutcome.Failed failed -> {
                    culprits.addAll(failed.culprits());
                    failed.culprits().forEach(faults::culprit);
                    lastReason = failed.reason();
                    LOG.info("request {}: {}; culprits {}", current.requestId(), failed.reason(), failed.culprits());
                }
            }
        }
        Optional<EcdsaSignature> late = active.lateSignature();
        if (late.isPresent()) {
            return new Result(done(current, late.get(), culprits), null);
        }
        return new Result(failure(current, "all " + (lastNumber - firstNumber + 1) + " attempt(s) failed; last: "
                + lastReason, culprits), "attempts-exhausted");
    }

    private static Set<String> union(Collection<String> first, Collection<String> second) {
        Set<String> both = new LinkedHashSet<>(first);
        both.addAll(second);
        return both;
    }

    private static StoredRequest done(StoredRequest current, EcdsaSignature signature, Collection<String> culprits) {
        return current.done(WireFields.toHex(signature.r().toBytes()), WireFields.toHex(signature.s().toBytes()),
                27 + signature.recoveryId(), WireFields.toHex(signature.toBytes65()), List.copyOf(culprits));
    }

    /**
     * A request the key's policy denied: it ends at once, no retry (another party judges it by the
     * same policy) and nobody is blamed. Members that allowed what another denied are named: the
     * nodes disagree about the policy or its inputs, which an operator must look into.
     */
    private StoredRequest refusedByPolicy(StoredRequest current, AttemptOutcome.Denied denied) {
        StringBuilder reason = new StringBuilder("denied by the key's policy: ");
        reason.append(String.join("; ", new LinkedHashSet<>(denied.denials().values())));
        reason.append(" (denied by ").append(String.join(", ", denied.denials().keySet())).append(')');
        if (denied.disagreement()) {
            faults.refused("policy", "nodes-disagree");
            LOG.warn("request {}: nodes disagree on the policy: {} denied, {} allowed", current.requestId(),
                    denied.denials().keySet(), denied.admitted());
            reason.append("; the party's nodes disagree: ").append(String.join(", ", denied.admitted()))
                    .append(" allowed it; the request fails");
        }
        return current.refused(reason.toString(), POLICY_DENIED);
    }

    /** A failed request whose reason names every culprit seen over all its attempts. */
    private static StoredRequest failure(StoredRequest current, String why, Collection<String> culprits) {
        String named = culprits.isEmpty() ? "; no node was blamed" : "; culprits over all attempts: "
                + String.join(", ", culprits);
        return current.failed(why + named, List.copyOf(culprits));
    }

    private AttemptOutcome runAttempt(SignRequest request, String requestId, int number, PartyChooser.Choice choice,
                                      Point publicKey, byte[] digest, ActiveRequest active)
            throws InterruptedException {
        Registry registry = local.registry();
        byte[] sessionId = new SignRequestContext(registry.networkId(), registry.epoch(), request.userId(),
                request.keyId(), publicKey, request.threshold(), registry.committeeCount(), choice.party(),
                requestId, number, request.expiresAt(), digest).signSid();
        Attempt attempt = new Attempt(requestId, number, choice.party(), sessionId, publicKey, digest, faults,
                settings.blamedReportGrace());
        active.begin(attempt);
        if (attempt.settled()) {
            return attempt.await(settings.attemptTimeout());
        }
        // one body for every member (each copy is signed for its recipient): the request it carries
        // (up to 64 KiB of message) is encoded to JSON once per attempt, not once per member
        BatchedPosts.Item message = new BatchedPosts.Item(WireFields.toHex(sessionId), Json.writeBytes(NewParty.of(
                requestId, request, number, choice.party(), choice.excluded(), sessionId)));
        LOG.info("request {} attempt {}: party {}, excluded {}", requestId, number, choice.party(), choice.excluded());
        for (PartyId member : choice.party().members()) {
            workers.execute(() -> sendNewParty(attempt, member.nodeId(), message));
        }
        return attempt.await(settings.attemptTimeout());
    }

    private void sendNewParty(Attempt attempt, String nodeId, BatchedPosts.Item message) {
        NodeEntry node = local.registry().node(nodeId).orElseThrow();
        try {
            SignedNodeClient.Answer answer = newParties.post(node, message);
            availability.markReachable(nodeId);
            if (answer.isSuccess()) {
                attempt.admitted(nodeId);
            } else if (isPolicyDenial(answer)) {
                attempt.denied(nodeId, answer.problem().map(Problem::detail).orElse("denied by the key's policy"));
            } else {
                String why = "refused new_party with status " + answer.status() + problemDetail(answer);
                if (answer.problem().filter(problem -> (Problem.TYPE_PREFIX + UserRefusal.UNKNOWN_KEY).equals(problem.type()))
                        .isPresent()) {
                    // admitted, so the key exists: this replica missed it (keygen §2.6, §3.7)
                    attempt.lacksKey(nodeId, why);
                } else if (answer.problem().filter(UserRefusal::isUserFault).isPresent()) {
                    attempt.refusedByUser(nodeId, why);
                } else {
                    attempt.refused(nodeId, why);
                }
            }
        } catch (InvalidBatchAnswerException garbled) {
            // it answered, but not item by item: reachable, and the culprit of this attempt
            availability.markReachable(nodeId);
            attempt.refused(nodeId, garbled.getMessage());
        } catch (IOException unreachable) {
            Optional<String> oversized = SignedNodeClient.oversized(nodeId, unreachable);
            if (oversized.isPresent()) {
                // it answered, just not within bounds: reachable, and the culprit of this attempt
                availability.markReachable(nodeId);
                attempt.refused(nodeId, oversized.get());
                return;
            }
            availability.markUnreachable(nodeId);
            attempt.refused(nodeId, "unreachable for new_party");
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isPolicyDenial(SignedNodeClient.Answer answer) {
        return answer.status() == 403 && answer.problem().map(Problem::type).filter(POLICY_DENIED::equals).isPresent();
    }

    /** The refusing node's problem detail, so the final reason says why (e.g. the key was deleted). */
    private static String problemDetail(SignedNodeClient.Answer answer) {
        return answer.problem().map(Problem::detail).filter(detail -> !detail.isBlank()).map(detail -> ": " + detail)
                .orElse("");
    }

    /** The accepting write's outcome: this drive goes on only for a request that was stored. */
    private static void requireStored(CompletableFuture<Boolean> stored) {
        if (!stored.join()) {
            throw new NotStoredException();
        }
    }

    /** The accepting write did not store the request: its drive ends, with nothing written or announced. */
    private static final class NotStoredException extends RuntimeException {
        NotStoredException() {
            super(null, null, false, false);
        }
    }

    /** The stored flag of a request that is already in the store (a resumed one). */
    private static final CompletableFuture<Boolean> STORED = CompletableFuture.completedFuture(true);

    /**
     * Records the final status and wakes the waiters, once the accepting write ended (nothing final
     * is announced for a request that might never be stored).
     */
    private void finish(StoredRequest result, String failureKind, CompletableFuture<Boolean> stored) {
        requireStored(stored);
        // from acceptance to the final status, whatever the attempts in between (design §8); recorded
        // before the status is stored, so whoever reads the final status also finds it counted
        Timer.builder("sigil.sign.latency").description("sign_request from acceptance to its final status")
                .tag("status", result.status()).publishPercentileHistogram()
                .register(meters).record(Duration.ofMillis(Math.max(0, System.currentTimeMillis()
                        - result.acceptedAtMillis())));
        if (failureKind != null) {
            faults.failure(failureKind);
        }
        if (!SignatureStatus.DONE.equals(result.status())) {
            store.update(result);
            finals.complete(result.requestId(), result.toStatus());
            return;
        }
        // a signature reaches the client before its synced write (docs/security.md, "The final
        // status"): a crash in between resumes the request, which adopts the members' archived copy
        signedUnwritten.put(result.requestId(), result);
        finals.complete(result.requestId(), result.toStatus());
        beforeSignedWrite.run();
        try {
            store.update(result);
        } catch (RuntimeException notWritten) {
            // the client may hold the signature: never let a failure status follow it; the request
            // stays pending in the store (and done in memory) and the next start adopts it
            LOG.error("request {}: the final status of its signature was not written; it resumes on the next start",
                    result.requestId(), notWritten);
            return;
        }
        signedUnwritten.remove(result.requestId());
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
        if (newParties.batches() > 0) {
            LOG.info("new_party: {}", newParties.summary());
        }
    }
}
