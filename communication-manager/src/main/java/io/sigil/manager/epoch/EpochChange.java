package io.sigil.manager.epoch;

import io.sigil.manager.keygen.ActivationsInFlight;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.ChainVerificationException;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.EpochAbort;
import io.sigil.registry.governance.EpochDeadline;
import io.sigil.registry.governance.ReplicaOnlyChange;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.epoch.CommitAdoption;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.epoch.EpochAnswer;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.epoch.EpochStatus.NodeAnswer;
import io.sigil.wire.epoch.NodeEpochState;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;
import java.util.Optional;
import io.sigil.registry.governance.RegistryChain;

/**
 * The manager's side of an epoch change (docs/keygen.md §3.2, steps 1, 2 (progress) and 5). It
 * checks a proposal's approval with the same verifier as the nodes (so an operator learns of a bad
 * approval at once), forwards it to every signing node of the running and the proposed registry,
 * and shows what each node answered; a proposal is open once at least one node accepted it. While
 * it is open the manager refuses new_key with 503 + Retry-After (the nodes refuse it too). An
 * operator's abort goes the same way. The manager keeps this in memory; after a restart it reads
 * the open proposal back from the nodes ({@code GET /v1/epoch}) on its first epoch call or new_key,
 * and adopts it only if the approval verifies against its own registry.
 */
@Singleton
public final class EpochChange {
    static final long RETRY_AFTER_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(EpochChange.class);
    private final LocalNode local;
    private final EpochFanOut fanOut;
    private final Clock clock;
    private Proposal open;
    private Proposal last;
    private String phase = EpochStatus.IDLE;
    private final EpochReshare reshare;
    private EpochReshare.Progress progress;
    private List<NodeAnswer> answers = List.of();
    private boolean recovered;
    private final EpochCommitRun committer;
    /** The last commit sent (kept to send it again to nodes that missed it) and the proposal it committed. */
    private EpochCommitRun.Sent committed;
    private Proposal committedProposal;
    /** The kind of the committed change, as the status shows it. */
    private String committedKind = EpochStatus.RESHARE;
    /** The matching readies of the last reshare of the open proposal (every node's when prepared). */
    private List<io.sigil.wire.reshare.SignedReady> readies = List.of();
    /** The signing nodes of e+1 without a ready after that reshare (it then stays {@code proposed}). */
    private List<String> notReady = List.of();
    /** Network keys whose activates are still running (docs/keygen.md §6.1); none outside the service. */
    private ActivationsInFlight activations = new ActivationsInFlight();

    /** A proposal the manager checked: the registry it admits and its document hash. */
    private record Proposal(EpochProposal message, Registry next, String documentSha256) {
    }

    @Inject
    EpochChange(LocalNode local, SignedNodeClient client, CommitAdoption adoption,
                io.sigil.manager.signing.SigningLoad signing, ActivationsInFlight activations,
                @Value("${sigil.epoch.reshare-batch-size:" + EpochReshare.DEFAULT_BATCH_SIZE + "}") int batchSize,
                @Value("${sigil.epoch.reshare-pause-ratio:0.5}") double pauseRatio) {
        this(local, new EpochFanOut(client), new EpochReshare(client, batchSize,
                new ResharePacing(pauseRatio, signing::pending)), adoption, Clock.systemUTC());
        this.activations = activations;
    }

    EpochChange(LocalNode local, EpochFanOut fanOut, EpochReshare reshare, CommitAdoption adoption, Clock clock) {
        this.local = local;
        this.fanOut = fanOut;
        this.reshare = reshare;
        this.clock = clock;
        this.committer = new EpochCommitRun(local, fanOut, adoption);
    }

    /**
     * Starts the reshare of every key to the open proposal's registry in the background (docs/keygen.md
     * §6.4), on the operator's {@code POST /v1/epoch/reshare}; progress and the phase
     * ({@code resharing}, then {@code prepared} when every node of e+1 signed a matching ready, or
     * back to {@code proposed} when a key failed) show in {@link #status()}. Running it again
     * reshares every key again (a new attempt replaces a node's pending record).
     */
    public synchronized EpochStatus startReshare() {
        recover();
        Proposal proposal = open;
        if (proposal == null) {
            throw ApiProblemException.conflict("no epoch change is open; propose one first");
        }
        if (EpochStatus.RESHARING.equals(phase)) {
            return status();
        }
        EpochReshare.Progress started = new EpochReshare.Progress();
        progress = started;
        readies = List.of();
        notReady = List.of();
        phase = EpochStatus.RESHARING;
        Registry current = local.registry();
        Thread.ofVirtual().name("epoch-reshare").start(() -> {
            EpochReshare.Outcome outcome;
            try {
                // an add-replicas change carries every key unchanged: prepare only (docs/keygen.md §3.8)
                outcome = addsReplicas(current, proposal)
                        ? reshare.carry(current, proposal.next(), started)
                        : reshare.run(current, proposal.next(), proposal.documentSha256(), started);
            } catch (RuntimeException failed) {
                outcome = new EpochReshare.Outcome(List.of(), failed.toString());
            }
            finishReshare(proposal, outcome);
        });
        return status();
    }

    /** True when {@code proposal} only adds signing nodes to committees of {@code current} (no reshare). */
    private static boolean addsReplicas(Registry current, Proposal proposal) {
        return ReplicaOnlyChange.between(current, proposal.next());
    }

    private synchronized void finishReshare(Proposal proposal, EpochReshare.Outcome outcome) {
        if (open != proposal) {
            return; // aborted meanwhile
        }
        LOG.info("reshare to epoch {}: {} matching ready(s)", proposal.next().epoch(), outcome.readies().size());
        phase = outcome.prepared() ? EpochStatus.PREPARED : EpochStatus.PROPOSED;
        if (outcome.partlyPrepared()) {
            // every key reshared, some node of e+1 not ready: an operator's deadline can commit these (§3.2 step 4)
            LOG.warn("reshare to epoch {}: every key reshared, no ready from {}; commit needs them or an operator's "
                    + "deadline", proposal.next().epoch(), outcome.notReady());
            readies = outcome.readies();
            notReady = outcome.notReady();
            return;
        }
        if (!outcome.prepared()) {
            LOG.warn("reshare to epoch {} did not prepare: {} {}", proposal.next().epoch(), outcome.problem(),
                    outcome.failedKeys());
            return;
        }
        readies = outcome.readies(); // what the operator's commit will carry
    }

    /** Step 4 with the readies of a finished reshare; the phase becomes {@code committed} once a node committed. */
    private void commitPrepared(Proposal proposal, List<io.sigil.wire.reshare.SignedReady> readies,
                                EpochDeadline deadline) {
        String kind = addsReplicas(local.registry(), proposal) ? EpochStatus.ADD_REPLICAS : EpochStatus.RESHARE;
        EpochCommitRun.Sent sent;
        try {
            sent = committer.commit(local.registry(), proposal.next(), proposal.message().registryBytes(),
                    proposal.message().approval(), proposal.documentSha256(), readies, deadline, clock.millis());
        } catch (io.sigil.wire.epoch.EpochCommit.RefusedException refused) {
            throw ApiProblemException.unprocessable(refused.reason(), "Commit refused", "the readies of epoch "
                    + proposal.next().epoch() + " do not make a commit: " + refused.getMessage());
        }
        answers = sent.answers();
        if (sent.anyCommitted()) {
            committedKind = kind;
            committed = sent;
            committedProposal = proposal;
            open = null;
            last = null;
            notReady = List.of();
            phase = EpochStatus.COMMITTED;
        }
    }

    /**
     * {@code POST /v1/epoch/commit} (docs/keygen.md §6.4): in phase {@code prepared}, sends
     * {@code commit {e+1, readies}} to every node of both epochs; after a reshare that reshared
     * every key but lacks some node's ready, the same with the operator's {@code deadline} (checked
     * here and by every node: passed, and a ready from every committee; 422 naming the nodes
     * without a ready otherwise); after a commit, sends the same commit again (a node that was down
     * applies it, the others answer {@code already-committed}). 409 in any other phase.
     */
    public synchronized EpochStatus commit(EpochDeadline deadline) {
        recover();
        if (EpochStatus.COMMITTED.equals(phase) && committed != null) {
            committed = committer.resend(committed);
            answers = committed.answers();
        } else if (EpochStatus.PREPARED.equals(phase) && open != null) {
            commitPrepared(open, readies, null);
        } else if (EpochStatus.PROPOSED.equals(phase) && open != null && !notReady.isEmpty()) {
            commitPrepared(open, readies, deadline);
        } else {
            throw ApiProblemException.conflict("nothing to commit in phase " + phase + ": the commit needs a reshare "
                    + "that ended prepared (every node of the new epoch ready), or that reshared every key with some "
                    + "node not ready (then with an operator's deadline)");
        }
        return status();
    }

    /** Checks, forwards and records {@code message}; refused with 422 (the approval) or 409 (another one open). */
    public synchronized EpochStatus propose(EpochProposal message) {
        recover();
        Registry next;
        String sha256;
        try {
            next = message.admit(local.registry());
            sha256 = ChainVerifier.documentSha256(message.registryBytes());
        } catch (ChainVerificationException refused) {
            throw ApiProblemException.unprocessable(EpochProposal.reason(refused), "Registry approval refused",
                    refused.getMessage());
        }
        if (open != null && !open.documentSha256().equals(sha256)) {
            throw ApiProblemException.conflict("the registry " + open.documentSha256() + " is already proposed as epoch "
                    + open.next().epoch() + "; abort it first");
        }
        Proposal proposal = new Proposal(message, next, sha256);
        awaitActivations();
        answers = fanOut.send(EpochFanOut.targets(local.registry(), next), "/v1/epoch/proposal", message,
                EpochAnswer.PROPOSE, next.epoch(), sha256);
        last = proposal;
        boolean anyAccepted = answers.stream().anyMatch(answer -> NodeAnswer.ACCEPTED.equals(answer.outcome()));
        // a node keeps an accepted proposal whatever the others said, so the manager shows it open too
        open = anyAccepted || open != null ? proposal : null;
        phase = open != null ? EpochStatus.PROPOSED : phase;
        return status();
    }

    /**
     * A node refuses {@code activate} once it holds a proposal, and the manager answers new_key when
     * every committee has one ACTIVE replica (docs/keygen.md §6.1): the activates still running are
     * let finish first, so a key a user already holds is ACTIVE on every replica that acknowledged it
     * when the nodes freeze. Bounded by the node client's timeout, which bounds each activate too.
     */
    private void awaitActivations() {
        try {
            if (!activations.awaitNone(SignedNodeClient.REQUEST_TIMEOUT.multipliedBy(2))) {
                LOG.warn("proposing while activates of network keys still run; their replicas catch up later");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks the operator's {@code abort} itself, then forwards it to every node that may hold the proposal. */
    public synchronized EpochStatus abort(EpochAbort abort) {
        recover();
        if (EpochStatus.COMMITTED.equals(phase)) {
            // some node already runs e+1: a node that missed the commit still holds the proposal and
            // would accept the abort, deleting its pending records, and could then never join e+1 (a
            // mix of epochs, lifecycle §3.2). After a commit the only way on is to send it again.
            throw ApiProblemException.conflict("epoch " + committedProposal.next().epoch() + " is committed (by every "
                    + "node but " + committed.missing() + "); an abort would strand those nodes: send the commit again");
        }
        try {
            abort.verify(local.registry(), clock.millis());
        } catch (io.sigil.registry.governance.OperatorOrderRefusedException refused) {
            throw ApiProblemException.unprocessable(refused.reason(), "Abort refused", refused.getMessage());
        }
        Proposal known = open != null ? open : last;
        if (known != null && !known.documentSha256().equals(abort.normalizedSha256())) {
            throw ApiProblemException.conflict("the abort names the registry " + abort.normalizedSha256()
                    + " but the proposal is " + known.documentSha256());
        }
        answers = fanOut.send(EpochFanOut.targets(local.registry(), known == null ? null : known.next()), "/v1/epoch/abort",
                abort, EpochAnswer.ABORT, abort.epoch(), abort.normalizedSha256());
        boolean everyoneAborted = answers.stream().allMatch(answer -> NodeAnswer.ACCEPTED.equals(answer.outcome()));
        if (everyoneAborted) {
            open = null;
            progress = null;
            readies = List.of();
            notReady = List.of();
            phase = EpochStatus.ABORTED;
        }
        return status();
    }

    public synchronized EpochStatus status() {
        recover();
        Registry current = local.registry();
        if (EpochStatus.COMMITTED.equals(phase) && committed != null) {
            long done = progress == null ? 0 : progress.done.get();
            return new EpochStatus(current.networkId(), current.epoch(), committedProposal.next().epoch(),
                    committedProposal.documentSha256(), phase, progress == null ? 0 : progress.total.get(), done,
                    committed.missing(), answers, committedKind);
        }
        List<String> missing = open == null ? List.of() : java.util.stream.Stream.concat(answers.stream()
                .filter(answer -> !NodeAnswer.ACCEPTED.equals(answer.outcome())).map(NodeAnswer::node),
                notReady.stream()).distinct().toList();
        long keysTotal = answers.stream().filter(answer -> answer.answer() != null && answer.answer().accepted())
                .mapToLong(answer -> answer.answer().keys()).max().orElse(0);
        EpochReshare.Progress running = progress;
        long total = running == null ? keysTotal : running.total.get();
        boolean carried = open != null && addsReplicas(current, open);
        // nothing to reshare in an add-replicas change: every key is done from the start
        long done = carried ? total : running == null ? 0 : running.done.get();
        return new EpochStatus(current.networkId(), current.epoch(), open == null ? null : open.next().epoch(),
                open == null ? null : open.documentSha256(), phase, open == null ? 0 : total, open == null ? 0 : done,
                missing, answers, carried ? EpochStatus.ADD_REPLICAS : EpochStatus.RESHARE);
    }

    /**
     * Until some node has told it, the manager does not know whether a proposal is open (it may
     * have restarted): it asks the nodes of its epoch and adopts a proposal one of them holds
     * when the approval verifies against its own registry. A node's word adds nothing else: the
     * nodes stay the gate either way.
     */
    private void recover() {
        if (recovered) {
            return;
        }
        Map<String, NodeEntry> targets = EpochFanOut.targets(local.registry(), null);
        List<NodeEpochState> states = fanOut.states(targets);
        recovered = !states.isEmpty();
        if (open != null) {
            return;
        }
        if (recoverCommit(targets, states)) {
            return;
        }
        for (NodeEpochState state : states) {
            if (state.registry() == null || state.approval() == null) {
                continue;
            }
            EpochProposal held = new EpochProposal(state.registry(), state.approval());
            try {
                Registry next = held.admit(local.registry());
                open = new Proposal(held, next, ChainVerifier.documentSha256(held.registryBytes()));
                last = open;
                phase = EpochStatus.PROPOSED;
                answers = targets.keySet().stream().map(node -> recoveredAnswer(node, states)).toList();
                return;
            } catch (ChainVerificationException unapproved) {
                // a node that shows an unapproved proposal is not believed; another may hold the real one
            }
        }
    }

    /**
     * A manager restarted after a commit (its configured registry is the old one) learns it from a
     * node that runs the committed epoch: that node's chain (verified from genesis and extending
     * this manager's by {@link LocalNode#adopt}) and its commit, whose readies are checked with the
     * nodes' rule. The manager then runs the committed registry and can send that commit again.
     */
    private boolean recoverCommit(Map<String, NodeEntry> targets, List<NodeEpochState> states) {
        for (NodeEpochState state : states) {
            if (state.committed() == null || state.current() != state.committed().epoch()
                    || state.current() <= local.registry().epoch()) {
                continue;
            }
            Optional<EpochCommitRun.Sent> adopted = committer.recover(targets.get(state.node()), state.committed());
            if (adopted.isPresent()) {
                committed = adopted.get();
                Registry next = local.registry();
                RegistryChain.Link link = committed.chain().epochs().getLast();
                committedProposal = new Proposal(new EpochProposal(link.registry(), link.approval()), next,
                        committed.message().documentSha256());
                committedKind = recoveredKind(committed.chain());
                phase = EpochStatus.COMMITTED;
                answers = List.of();
                return true;
            }
        }
        return false;
    }

    /**
     * The kind of the change that made the last link of {@code chain}, read from its two registries
     * as at propose (a manager restarted after the commit kept nothing of it in memory).
     */
    private static String recoveredKind(RegistryChain chain) {
        try {
            List<Registry> registries = ChainVerifier.registries(chain);
            int last = registries.size() - 1;
            return last > 0 && ReplicaOnlyChange.between(registries.get(last - 1), registries.get(last))
                    ? EpochStatus.ADD_REPLICAS : EpochStatus.RESHARE;
        } catch (ChainVerificationException unverifiable) {
            return EpochStatus.RESHARE; // adopted above, so verified; the status then says the general kind
        }
    }

    private NodeAnswer recoveredAnswer(String node, List<NodeEpochState> states) {
        return states.stream().filter(state -> node.equals(state.node())).findFirst()
                .map(state -> open.documentSha256().equals(state.documentSha256())
                        ? new NodeAnswer(node, NodeAnswer.ACCEPTED, "recovered",
                                "holds the proposal (read from its GET /v1/epoch after this manager started)", null)
                        : new NodeAnswer(node, NodeAnswer.REFUSED, "not-held",
                                "does not hold the proposal (read from its GET /v1/epoch)", null))
                .orElseGet(() -> new NodeAnswer(node, NodeAnswer.UNREACHABLE, null,
                        "did not answer GET /v1/epoch after this manager started", null));
    }

    /** Refuses {@code what} (new_key) with 503 + Retry-After while a proposal is open here. */
    public synchronized void refuseWhileOpen(String what) {
        recover();
        if (open != null) {
            throw ApiProblemException.retryLater("epoch-change-open", "Epoch change open", what
                    + " is refused while the change to epoch " + open.next().epoch() + " (registry sha256 "
                    + open.documentSha256() + ") is open; signing goes on; retry after it commits or is aborted",
                    RETRY_AFTER_SECONDS);
        }
    }
}
