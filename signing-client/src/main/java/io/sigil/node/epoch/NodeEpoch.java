package io.sigil.node.epoch;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreBatch;
import io.sigil.node.reshare.PendingReshares;
import io.sigil.node.store.NodeStore;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.ChainVerificationException;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.EpochAbort;
import io.sigil.registry.governance.Approval;
import io.sigil.service.node.EpochView;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.epoch.EpochAnswer;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.NodeEpochState;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of an epoch change (docs/keygen.md §3.2, steps 1 and 5): it checks every
 * proposal against the governance of its own running registry, never the manager's word; records
 * an accepted one durably; freezes the key set while one is open (new_user, new_key and
 * delete_user get 503 + Retry-After, signing goes on); and deletes it on an operator's abort.
 * A node started only in the proposed registry is {@code joining} and serves nothing but this.
 */
@Singleton
public final class NodeEpoch implements EpochView {
    /** What a refused client is told to wait: a proposal stays open until it is aborted or commits. */
    static final long RETRY_AFTER_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(NodeEpoch.class);

    private final LocalNode local;
    private final EncryptedStore store;
    private final Clock clock;
    private volatile Open open;

    /** An accepted proposal: the stored form, the registry it admits and its document hash. */
    private record Open(StoredProposal stored, Registry next, String documentSha256) {
    }

    /** The open proposal as the reshare needs it: the approved registry of {@code e+1} and its document hash. */
    public record OpenProposal(Registry next, String documentSha256) {
    }

    @Inject
    NodeEpoch(LocalNode local, NodeStore store) {
        this(local, store.store(), Clock.systemUTC());
    }

    NodeEpoch(LocalNode local, EncryptedStore store, Clock clock) {
        this.local = local;
        this.store = store;
        this.clock = clock;
        this.open = StoredProposal.load(store).flatMap(this::reverify).orElse(null);
        // a proposal the node was started with is stale once its epoch committed (CommittedChain.resume ran)
        boolean startedProposalPending = local.proposedAtStart()
                .filter(started -> started.registry().epoch() > local.registry().epoch()).isPresent();
        if (open == null && startedProposalPending && !local.retired()) {
            LocalNode.ProposedRegistry started = local.proposedAtStart().orElseThrow();
            record(new StoredProposal(WireFields.toBase64(started.bytes()), started.approval(), clock.millis()));
        }
    }

    private Optional<Open> reverify(StoredProposal stored) {
        try {
            EpochProposal proposal = new EpochProposal(stored.registry(), stored.approval());
            Registry next = proposal.admit(local.registry());
            return Optional.of(new Open(stored, next, ChainVerifier.documentSha256(proposal.registryBytes())));
        } catch (ChainVerificationException stale) {
            // e.g. the node was started on another registry since: the stored proposal no longer applies
            LOG.warn("dropping the stored epoch proposal: {}", stale.getMessage());
            StoredProposal.delete(store);
            return Optional.empty();
        }
    }

    private Open record(StoredProposal stored) {
        Open admitted = reverify(stored).orElseThrow();
        stored.save(store);
        open = admitted;
        return admitted;
    }

    /** Checks {@code proposal} against this node's running registry and records it; the signed answer says why not. */
    synchronized EpochAnswer propose(EpochProposal proposal) {
        Registry current = local.registry();
        long proposedEpoch = proposal.approval() == null ? current.epoch() + 1 : proposal.approval().epoch();
        String sha256 = proposal.approval() == null ? "" : String.valueOf(proposal.approval().documentSha256());
        KeyCensus census = KeyCensus.of(store);
        Registry next;
        try {
            next = proposal.admit(current);
            sha256 = ChainVerifier.documentSha256(proposal.registryBytes());
        } catch (ChainVerificationException refused) {
            return answer(EpochAnswer.PROPOSE, proposedEpoch, sha256, false, EpochProposal.reason(refused),
                    refused.getMessage(), census);
        }
        Open held = open;
        if (held != null && !held.documentSha256().equals(sha256)) {
            return answer(EpochAnswer.PROPOSE, next.epoch(), sha256, false, "another-proposal-open",
                    "the registry " + held.documentSha256() + " is already proposed as epoch " + held.next().epoch()
                            + "; abort it first", census);
        }
        Map<Integer, Long> stranded = census.stranded(current.threshold(), next.threshold(), next.committeeCount());
        if (!stranded.isEmpty()) {
            return answer(EpochAnswer.PROPOSE, next.epoch(), sha256, false, "threshold-above-committees",
                    stranded.values().stream().mapToLong(Long::longValue).sum() + " key(s) would have a threshold above the "
                            + next.committeeCount() + " committees of epoch " + next.epoch() + " (thresholds "
                            + stranded.keySet() + ")", census);
        }
        if (held == null) {
            record(new StoredProposal(proposal.registry(), proposal.approval(), clock.millis()));
            LOG.info("epoch {} proposed (registry sha256 {}): new_user, new_key and delete_user are refused until it "
                    + "commits or is aborted", next.epoch(), sha256);
        }
        return answer(EpochAnswer.PROPOSE, next.epoch(), sha256, true, "accepted", "recorded", census);
    }

    /** Deletes the open proposal on an operator's abort of it; nothing open is already the wanted state. */
    synchronized EpochAnswer abort(EpochAbort abort) {
        KeyCensus census = KeyCensus.of(store);
        String sha256 = abort.normalizedSha256();
        try {
            abort.verify(local.registry(), clock.millis());
        } catch (io.sigil.registry.governance.OperatorOrderRefusedException refused) {
            return answer(EpochAnswer.ABORT, abort.epoch(), sha256, false, refused.reason(), refused.getMessage(), census);
        }
        Open held = open;
        if (held == null) {
            return answer(EpochAnswer.ABORT, abort.epoch(), sha256, true, "nothing-open", "no proposal is open", census);
        }
        if (!held.documentSha256().equals(sha256)) {
            return answer(EpochAnswer.ABORT, abort.epoch(), sha256, false, "another-proposal-open", "the open proposal is "
                    + held.documentSha256() + ", the abort names another registry", census);
        }
        // the PENDING records of e+1 go with the proposal, in one batch: no shard of an aborted change survives
        StoreBatch batch = store.batch();
        int pendingDeleted = PendingReshares.deleteAll(store, batch);
        StoredProposal.delete(batch);
        batch.commit();
        open = null;
        if (pendingDeleted > 0) {
            LOG.info("deleted {} pending reshared key(s) of epoch {} with the proposal", pendingDeleted, abort.epoch());
        }
        LOG.info("epoch {} proposal aborted by operator {}", abort.epoch(), abort.operator());
        return answer(EpochAnswer.ABORT, abort.epoch(), sha256, true, "aborted", "the proposal is deleted", census);
    }

    private EpochAnswer answer(String action, long proposed, String sha256, boolean accepted, String reason,
                               String detail, KeyCensus census) {
        return EpochAnswer.sign(local.identity(), local.id(), action, local.registry().networkId(),
                local.registry().epoch(), proposed, sha256, accepted, reason, detail, census.total());
    }

    /**
     * Refuses {@code what} (new_user, new_key, delete_user) with 503 + Retry-After while a proposal
     * is open: the key set of the running epoch is what the change moves, so it must not change
     * under it. A joining or retired node holds no keys of the running epoch and refuses it too.
     */
    public void refuseWhileOpen(String what) {
        refuseUnlessServing(what);
        Open held = open;
        if (held != null) {
            throw ApiProblemException.retryLater("epoch-change-open", "Epoch change open", what
                    + " is refused while the change to epoch " + held.next().epoch() + " (registry sha256 "
                    + held.documentSha256() + ") is open; signing goes on; retry after it commits or is aborted",
                    RETRY_AFTER_SECONDS);
        }
    }

    /** Refuses {@code what} on a node that serves no signing: joining (until commit) or retired. */
    public void refuseUnlessServing(String what) {
        if (!serving()) {
            throw ApiProblemException.retryLater("node-" + state(), "Node " + state(), "this node is " + state()
                    + " (docs/keygen.md §3.2) and does no " + what, RETRY_AFTER_SECONDS);
        }
    }

    /** The node's state as {@code GET /v1/epoch} answers it. */
    NodeEpochState view() {
        Open held = open;
        return new NodeEpochState(local.id(), state(), local.registry().epoch(),
                held == null ? null : held.next().epoch(), held == null ? null : held.documentSha256(),
                held == null ? null : held.stored().registry(), held == null ? null : held.stored().approval(),
                CommittedChain.lastCommit(store).orElse(null));
    }

    /** {@code retired} once a committed registry left this node out; {@code joining} until the one that names it commits. */
    @Override
    public String state() {
        if (local.retired()) {
            return NodeEpochState.RETIRED;
        }
        if (local.joining()) {
            return NodeEpochState.JOINING;
        }
        return open == null ? NodeEpochState.ACTIVE : NodeEpochState.PROPOSED;
    }

    /** The open proposal, if any; the reshare takes network, epochs and the new registry from here, never from the manager. */
    public Optional<OpenProposal> openProposal() {
        Open held = open;
        return held == null ? Optional.empty() : Optional.of(new OpenProposal(held.next(), held.documentSha256()));
    }

    /**
     * Runs {@code write} while the proposal {@code documentSha256} is still open, under the lock an
     * abort takes: a pending record is never written after the abort that deletes them all.
     */
    public synchronized boolean whileOpen(String documentSha256, Runnable write) {
        Open held = open;
        if (held == null || !held.documentSha256().equals(documentSha256)) {
            return false;
        }
        write.run();
        return true;
    }

    /** The open proposal as the commit needs it: the registry it admits, its exact bytes and approval. */
    record Held(Registry next, String documentSha256, byte[] registryBytes, Approval approval) {
    }

    /**
     * Runs {@code commit} with the open proposal (empty when none is open) under the lock proposals,
     * aborts and pending writes take; {@code commit} returns true when it committed the proposal,
     * which is then closed.
     */
    /** This node's clock, which decides whether an operator's commit deadline has passed (docs/security.md). */
    long now() {
        return clock.millis();
    }

    synchronized <T> T commitUnderLock(java.util.function.Function<Optional<Held>, T> commit,
                                       java.util.function.Predicate<T> committed) {
        Open held = open;
        Optional<Held> view = held == null ? Optional.empty() : Optional.of(new Held(held.next(), held.documentSha256(),
                WireFields.base64("registry", held.stored().registry(), Integer.MAX_VALUE), held.stored().approval()));
        T result = commit.apply(view);
        if (committed.test(result)) {
            open = null;
        }
        return result;
    }

    /** The signed answer of this node to an epoch action (for the commit). */
    EpochAnswer signedAnswer(String action, long proposed, String sha256, boolean accepted, String reason, String detail) {
        return answer(action, proposed, sha256, accepted, reason, detail, KeyCensus.of(store));
    }

    @Override
    public Long proposedEpoch() {
        Open held = open;
        return held == null ? null : held.next().epoch();
    }
}
