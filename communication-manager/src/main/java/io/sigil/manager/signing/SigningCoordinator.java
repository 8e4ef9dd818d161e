package io.sigil.manager.signing;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.manager.store.RequestStore;
import io.sigil.manager.store.StoredRequest;
import io.sigil.party.NotEnoughCommitteesException;
import io.sigil.party.PartySelection;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.Problem;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Drives each accepted sign request through its attempts (design §4 steps 2–5), one virtual
 * thread per request: pick the party by {@link PartySelection} excluding the culprits so far and
 * the nodes believed down, post {@code new_party} to every member, wait for a verified signature
 * or a failure, and retry with {@code attempt + 1} up to {@link ManagerSettings#maxAttempts()}.
 * Every step is written to the {@link RequestStore} before it is acted on.
 */
@Singleton
public final class SigningCoordinator {
    static final String NEW_PARTY_PATH = "/v1/new_party";
    private static final Logger LOG = LoggerFactory.getLogger(SigningCoordinator.class);

    private final LocalNode local;
    private final SignedNodeClient client;
    private final RequestStore store;
    private final ManagerSettings settings;
    private final NodeAvailability availability;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Attempt> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<SignatureStatus>> finals = new ConcurrentHashMap<>();

    SigningCoordinator(LocalNode local, SignedNodeClient client, RequestStore store, ManagerSettings settings,
                       NodeAvailability availability) {
        this.local = local;
        this.client = client;
        this.store = store;
        this.settings = settings;
        this.availability = availability;
    }

    /**
     * Stores a checked request as pending and starts its attempts.
     *
     * @throws ApiProblemException {@code 409} when the request id is already known (a replay)
     */
    public String accept(SignRequest request) {
        String requestId = request.requestId();
        if (request.threshold() > local.registry().committeeCount()) {
            throw ApiProblemException.badRequest("threshold: " + request.threshold() + " exceeds the "
                    + local.registry().committeeCount() + " committees of this network");
        }
        StoredRequest pending = StoredRequest.pending(requestId, request, System.currentTimeMillis());
        if (!store.insertIfAbsent(pending)) {
            throw ApiProblemException.conflict("request " + requestId + " is already known; a sign request is "
                    + "served once (fetch its result from /v1/signature/" + requestId + ")");
        }
        try {
            workers.execute(() -> drive(pending));
        } catch (RejectedExecutionException shuttingDown) {
            throw ApiProblemException.unavailable("the manager is shutting down");
        }
        return requestId;
    }

    public Optional<SignatureStatus> status(String requestId) {
        return store.find(requestId).map(StoredRequest::toStatus);
    }

    /** Completes with the final status; at once if it is already final. Empty for an unknown id. */
    public Optional<CompletableFuture<SignatureStatus>> whenFinal(String requestId) {
        CompletableFuture<SignatureStatus> future = finals.computeIfAbsent(requestId, id -> new CompletableFuture<>());
        Optional<StoredRequest> stored = store.find(requestId);
        if (stored.isEmpty()) {
            finals.remove(requestId, future);
            return Optional.empty();
        }
        if (stored.get().finished()) {
            future.complete(stored.get().toStatus());
        }
        return Optional.of(future);
    }

    /** Requests not yet finished (kept across restarts; resuming them is not done yet). */
    public List<StoredRequest> pending() {
        return store.pending();
    }

    /**
     * A member's report of the running attempt of a request.
     *
     * @throws ApiProblemException {@code 404} for an unknown request, {@code 409} when that attempt
     *     is not the one running, plus what {@link Attempt#report} refuses
     */
    public void report(NodeEntry sender, SessionReport report) {
        if (!report.nodeId().equals(sender.id())) {
            throw ApiProblemException.forbidden("node " + sender.id() + " signed a report for node " + report.nodeId());
        }
        Attempt attempt = running.get(report.requestId());
        if (attempt == null || attempt.number() != report.attempt()) {
            if (store.find(report.requestId()).isEmpty()) {
                throw ApiProblemException.notFound("no sign request " + report.requestId());
            }
            throw ApiProblemException.conflict("attempt " + report.attempt() + " of request " + report.requestId()
                    + " is not running");
        }
        attempt.report(sender.id(), report);
    }

    private void drive(StoredRequest accepted) {
        MDC.put("requestId", accepted.requestId());
        try {
            finish(runAttempts(accepted));
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            LOG.info("stopped driving request {}; it stays pending in the store", accepted.requestId());
        } catch (RuntimeException failure) {
            LOG.error("driving request {} failed", accepted.requestId(), failure);
            try {
                finish(store.find(accepted.requestId()).orElse(accepted)
                        .failed("internal error of the manager", List.of()));
            } catch (RuntimeException storeClosed) {
                LOG.warn("could not record the failure of request {}", accepted.requestId());
            }
        } finally {
            running.remove(accepted.requestId());
            MDC.remove("requestId");
        }
    }

    private StoredRequest runAttempts(StoredRequest accepted) throws InterruptedException {
        SignRequest request = accepted.request();
        Point publicKey = request.publicKeyPoint();
        byte[] digest = request.digest();
        Set<String> culprits = new LinkedHashSet<>(accepted.culprits());
        StoredRequest current = accepted;
        String lastReason = "no attempt was made";
        for (int number = accepted.attempts() + 1; number <= settings.maxAttempts(); number++) {
            if (System.currentTimeMillis() / 1000 >= request.expiresAt()) {
                return current.failed("the request expired after " + (number - 1) + " attempt(s); last: " + lastReason,
                        List.copyOf(culprits));
            }
            SelectedParty selected;
            try {
                selected = select(request, publicKey, digest, current.requestId(), number, culprits);
            } catch (NotEnoughCommitteesException exhausted) {
                return current.failed("no party left after " + (number - 1) + " attempt(s): " + exhausted.getMessage()
                        + "; last: " + lastReason, List.copyOf(culprits));
            }
            current = current.withAttempt(number, List.copyOf(culprits));
            store.update(current);
            AttemptOutcome outcome = runAttempt(request, current.requestId(), number, selected, publicKey, digest);
            switch (outcome) {
                case AttemptOutcome.Signed signed -> {
                    EcdsaSignature signature = signed.signature();
                    LOG.info("request {} signed in attempt {}", current.requestId(), number);
                    return current.done(WireFields.toHex(signature.r().toBytes()),
                            WireFields.toHex(signature.s().toBytes()), 27 + signature.recoveryId(),
                            WireFields.toHex(signature.toBytes65()), List.copyOf(culprits));
                }
                case AttemptOutcome.Failed failed -> {
                    culprits.addAll(failed.culprits());
                    lastReason = failed.reason();
                    LOG.info("request {}: {}; culprits {}", current.requestId(), failed.reason(), failed.culprits());
                }
            }
        }
        return current.failed("all " + settings.maxAttempts() + " attempt(s) failed; last: " + lastReason,
                List.copyOf(culprits));
    }

    private record SelectedParty(SigningParty party, List<String> excluded) {
    }

    /**
     * Leaves out culprits and nodes believed down; if that leaves too few committees, only culprits;
     * if even that does, nobody.
     */
    private SelectedParty select(SignRequest request, Point publicKey, byte[] digest, String requestId, int number,
                                 Set<String> culprits) {
        Registry registry = local.registry();
        Set<String> excluded = new LinkedHashSet<>(culprits);
        excluded.addAll(availability.downNodes());
        try {
            List<String> sorted = excluded.stream().sorted().toList();
            return new SelectedParty(PartySelection.select(registry, publicKey, digest, requestId, number,
                    request.threshold(), sorted), sorted);
        } catch (NotEnoughCommitteesException withDownNodes) {
            List<String> sorted = culprits.stream().sorted().toList();
            try {
                return new SelectedParty(PartySelection.select(registry, publicKey, digest, requestId, number,
                        request.threshold(), sorted), sorted);
            } catch (NotEnoughCommitteesException withCulprits) {
                // Every committee has been blamed (e.g. a whole party missed a deadline on a loaded machine):
                // blame is a suspicion, not proof, so the remaining attempts choose among all nodes again.
                return new SelectedParty(PartySelection.select(registry, publicKey, digest, requestId, number,
                        request.threshold(), List.of()), List.of());
            }
        }
    }

    private AttemptOutcome runAttempt(SignRequest request, String requestId, int number, SelectedParty selected,
                                      Point publicKey, byte[] digest) throws InterruptedException {
        Registry registry = local.registry();
        byte[] sessionId = new SignRequestContext(registry.networkId(), registry.epoch(), request.userId(),
                request.keyId(), publicKey, request.threshold(), registry.committeeCount(), selected.party(),
                requestId, number, request.expiresAt(), digest).signSid();
        Attempt attempt = new Attempt(requestId, number, selected.party(), sessionId, publicKey, digest);
        running.put(requestId, attempt);
        NewParty message = NewParty.of(requestId, request, number, selected.party(), selected.excluded(), sessionId);
        LOG.info("request {} attempt {}: party {}, excluded {}", requestId, number, selected.party(), selected.excluded());
        List<PartyId> members = new ArrayList<>(selected.party().members());
        for (PartyId member : members) {
            workers.execute(() -> sendNewParty(attempt, member.nodeId(), message));
        }
        return attempt.await(settings.attemptTimeout());
    }

    private void sendNewParty(Attempt attempt, String nodeId, NewParty message) {
        NodeEntry node = local.registry().node(nodeId).orElseThrow();
        try {
            SignedNodeClient.Answer answer = client.postJson(node.url(), NEW_PARTY_PATH, message);
            availability.markReachable(nodeId);
            if (!answer.isSuccess()) {
                attempt.refused(nodeId, "refused new_party with status " + answer.status() + problemDetail(answer));
            }
        } catch (IOException unreachable) {
            availability.markUnreachable(nodeId);
            attempt.refused(nodeId, "unreachable for new_party");
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    /** The refusing node's problem detail, so the final reason says why (e.g. the key was deleted). */
    private static String problemDetail(SignedNodeClient.Answer answer) {
        return answer.problem().map(Problem::detail).filter(detail -> !detail.isBlank()).map(detail -> ": " + detail)
                .orElse("");
    }

    private void finish(StoredRequest result) {
        store.update(result);
        finals.computeIfAbsent(result.requestId(), id -> new CompletableFuture<>()).complete(result.toStatus());
        // the future has done its job; later callers read the store and get an already-final status
        finals.remove(result.requestId());
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }
}
