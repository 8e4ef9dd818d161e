package io.sigil.manager.keygen;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgParameters;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.manager.results.AcceptedRequests;
import io.sigil.manager.results.FinalResults;
import io.sigil.manager.signing.ManagerSettings;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.keygen.DkgSession;
import io.sigil.wire.keygen.NewKeyRequest;
import io.sigil.wire.keygen.NewKeyStatus;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives each accepted new_key request through its attempts (keygen §2.2–§2.7), one virtual thread
 * per request: choose D without the contributors accused so far, run a {@link KeygenAttempt}, and
 * retry with {@code attempt + 1} up to {@link ManagerSettings#maxAttempts()}. An attempt number
 * (and so {@code dkg_sid}) is never used twice: one thread counts them, the request itself was
 * stored synced when accepted, and a restarted manager fails it instead of resuming it; so attempt
 * numbers and the result are written unsynced ({@link KeyRequests#progress}). The final failure
 * names every accusation. A request still pending when the manager stops is failed at the next
 * start ({@link #failInterrupted}). Every final failure first asks the signing nodes to delete the
 * request's PENDING records ({@link PendingAbort}), so the user may retry under the same key id.
 */
@Singleton
public final class KeygenCoordinator implements AutoCloseable {
    static final String INTERRUPTED = "the manager restarted while generating the key; send a new request";
    private static final Logger LOG = LoggerFactory.getLogger(KeygenCoordinator.class);

    private final LocalNode local;
    /** The running registry's signing nodes, rebuilt when an epoch change commits. */
    private final java.util.function.Supplier<DkgDirectory> directory;
    private final SignedNodeClient client;
    private final ActivationsInFlight activations;
    private final KeyRequests store;
    private final ManagerSettings settings;
    private final FaultCounters faults;
    private final Timer latency;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final FinalResults<NewKeyStatus> finals = new FinalResults<>();
    private final AcceptedRequests accepted = new AcceptedRequests();

    KeygenCoordinator(LocalNode local, SignedNodeClient client, ActivationsInFlight activations, KeyRequests store,
                      ManagerSettings settings, FaultCounters faults, MeterRegistry meters) {
        this.local = local;
        this.activations = activations;
        this.directory = local.derived(DkgDirectory::of);
        this.client = client;
        this.store = store;
        this.settings = settings;
        this.faults = faults;
        this.latency = Timer.builder("sigil.new_key.latency").description("new_key from acceptance to activation")
                .publishPercentileHistogram().register(meters);
        failInterrupted();
    }

    /**
     * Stores a checked request as pending (synced) and starts it; {@code 409} for a replay. The
     * attempt's commit round starts while the synced write runs (docs/keygen.md §6.1): the replay
     * check is made first ({@link AcceptedRequests}), and the attempt goes past its commit round,
     * and the drive writes anything, only once the request is stored. A commit is all that can
     * precede the write, and a contributor answers a repeated commit of a {@code dkg_sid} with the
     * same commitment, so a request lost before its write (never answered {@code 202}) and sent
     * again runs that round again to the same effect; no {@code dkg_sid} goes past its commit
     * round twice.
     */
    public String accept(NewKeyRequest request) {
        String requestId = request.requestId();
        if (!accepted.claim(requestId, request.expiresAt(), id -> store.find(id).isPresent())) {
            throw replayed(requestId);
        }
        StoredKeyRequest pending = StoredKeyRequest.pending(requestId, request, System.currentTimeMillis());
        CompletableFuture<Boolean> stored = new CompletableFuture<>();
        workers.execute(() -> drive(pending, stored));
        try {
            boolean inserted = store.insertIfAbsent(pending);
            stored.complete(inserted);
            if (!inserted) {
                throw replayed(requestId);
            }
        } catch (RuntimeException failed) {
            stored.complete(false);
            throw failed;
        }
        return requestId;
    }

    private ApiProblemException replayed(String requestId) {
        faults.refused("new-key", "replayed");
        return ApiProblemException.conflict("request " + requestId + " is already known; fetch its result from "
                + "/v1/new_key/" + requestId);
    }

    public Optional<NewKeyStatus> status(String requestId) {
        return store.find(requestId).map(StoredKeyRequest::toStatus);
    }

    /** Completes with the final status; at once if already final. Empty for an unknown id. */
    public Optional<CompletableFuture<NewKeyStatus>> whenFinal(String requestId) {
        return finals.whenFinal(requestId, this::status, NewKeyStatus::finished);
    }

    /**
     * Runs the attempts of {@code accepted}. {@code stored} completes when the accepting thread's
     * synced insert ended, true when it stored the request: nothing is written, and no attempt goes
     * past its commit round, before that; when it did not store it, the drive ends without a trace.
     */
    private void drive(StoredKeyRequest accepted, CompletableFuture<Boolean> stored) {
        long started = System.nanoTime();
        StoredKeyRequest current = accepted;
        NewKeyRequest request = accepted.request();
        Set<String> excluded = new LinkedHashSet<>();
        List<String> accusations = new ArrayList<>();
        int spread = ContributorChooser.spread(accepted.requestId());
        try {
            for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
                if (System.currentTimeMillis() / 1000 >= request.expiresAt()) {
                    finish(stored, current.failed("the request expired after " + (attempt - 1) + " attempt(s)"));
                    return;
                }
                DkgDirectory directory = this.directory.get(); // one registry for the whole attempt
                Optional<SortedMap<Integer, String>> contributors = ContributorChooser.choose(directory,
                        request.threshold(), attempt, spread, excluded);
                if (contributors.isEmpty()) {
                    finish(stored, current.failed("fewer than " + request.threshold() + " committees have a node that is not"
                            + " accused; accusations: " + accusations));
                    return;
                }
                current = current.withAttempt(attempt, List.copyOf(excluded), List.copyOf(accusations));
                StoredKeyRequest running = current;
                DkgParameters parameters = request.parameters(directory.committeeCount(), contributors.get(), attempt);
                KeygenOutcome outcome = new KeygenAttempt(local.registry(), directory, client, activations, parameters,
                        new DkgSession(request, attempt, DkgSession.of(contributors.get())),
                        settings.activateSecondWaveAfter()).run(() -> {
                            if (!stored.join()) {
                                return false;
                            }
                            store.progress(running);
                            return true;
                        });
                if (!stored.join()) {
                    return;
                }
                for (KeygenOutcome.Accusation accusation : outcome.accusations()) {
                    accusations.add(accusation.toString());
                    if (!KeygenAttempt.MANAGER.equals(accusation.accused()) && !"nobody".equals(accusation.accused())) {
                        excluded.add(accusation.accused());
                        faults.culprit(accusation.accused());
                    }
                }
                current = current.withAttempt(attempt, List.copyOf(excluded), List.copyOf(accusations));
                if (outcome.isActivated()) {
                    List<DkgAck> acks = outcome.acks().stream().map(DkgAck::of).toList();
                    finish(stored, current.done(WireFields.pointHex(outcome.transcript().publicKey()),
                            EthereumAddress.fromPublicKey(outcome.transcript().publicKey()),
                            WireFields.toHex(outcome.transcript().chainCode()),
                            WireFields.toHex(outcome.transcript().transcriptHash()), acks));
                    latency.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                    return;
                }
                LOG.info("new_key {} attempt {} failed: {}", accepted.requestId(), attempt, outcome.reason());
            }
            finish(stored, current.failed("no attempt of " + settings.maxAttempts() + " activated; accusations: " + accusations));
        } catch (RuntimeException unexpected) {
            LOG.warn("new_key {} failed unexpectedly: {}", accepted.requestId(), unexpected.toString());
            finish(stored, current.failed("the manager failed: " + unexpected.getClass().getSimpleName()));
        }
    }

    /**
     * Records the result without the fsync, then completes the waiting clients (keygen §6.1,
     * durability): the key's own state lives on the nodes, whose ACTIVE writes are synced, and a
     * result lost with the machine (not with the process) only turns into the restart failure.
     */
    private void finish(CompletableFuture<Boolean> stored, StoredKeyRequest finished) {
        if (!stored.join()) {
            return; // the request was never stored: nothing to record, and its client was refused
        }
        if (!NewKeyStatus.DONE.equals(finished.status())) {
            // before the failure is visible, so a user who sees it can ask again under the same key id at once
            PendingAbort.send(local.registry(), client, finished.request());
        }
        store.progress(finished);
        if (!NewKeyStatus.DONE.equals(finished.status())) {
            faults.failure("new-key");
        }
        finals.complete(finished.requestId(), finished.toStatus());
    }

    /** Requests a previous run left pending cannot be resumed (contributions live in node memory only). */
    private void failInterrupted() {
        for (StoredKeyRequest pending : store.pending()) {
            store.update(pending.failed(INTERRUPTED));
            workers.execute(() -> PendingAbort.send(local.registry(), client, pending.request()));
        }
    }

    @PreDestroy
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
