package io.sigil.manager.keygen;

import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.CommitSet;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgParameters;
import io.sigil.crypto.dkg.DkgTranscript;
import io.sigil.crypto.dkg.RevealsOnArrival;
import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.wire.WireFields;
import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.keygen.DkgActivated;
import io.sigil.wire.keygen.DkgActivateCall;
import io.sigil.wire.keygen.DkgDealt;
import io.sigil.wire.keygen.DkgDelivery;
import io.sigil.wire.keygen.DkgDeliveryAnswer;
import io.sigil.wire.keygen.DkgMessages;
import io.sigil.wire.keygen.DkgRevealCall;
import io.sigil.wire.keygen.DkgSession;
import io.sigil.wire.keygen.SealedShareEntry;
import io.sigil.wire.keygen.SignedCommit;
import io.sigil.wire.keygen.SignedReveal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of network key generation, driven by the manager (keygen §2.3–§2.6): round 1 commits
 * from every contributor, round 2 reveals and sealed shares (each checked here with the nodes' own
 * code, so a faulty contributor is named before any node is asked), delivery to every signing node,
 * the tally of acks by authenticated sender, and {@code activate} to the nodes that acknowledged.
 * The manager decides nothing a node does not re-check: it only relays and counts.
 */
final class KeygenAttempt {
    static final String MANAGER = "manager";
    private static final Logger LOG = LoggerFactory.getLogger(KeygenAttempt.class);

    private final Registry registry;
    private final DkgDirectory directory;
    private final SignedNodeClient client;
    private final ActivationsInFlight activations;
    private final DkgParameters parameters;
    private final DkgSession session;
    private final java.time.Duration secondWaveAfter;
    private final List<KeygenOutcome.Accusation> accusations = new ArrayList<>();
    private final Set<String> complained = ConcurrentHashMap.newKeySet();

    KeygenAttempt(Registry registry, DkgDirectory directory, SignedNodeClient client, ActivationsInFlight activations,
                  DkgParameters parameters, DkgSession session, java.time.Duration secondWaveAfter) {
        this.registry = registry;
        this.directory = directory;
        this.client = client;
        this.activations = activations;
        this.parameters = parameters;
        this.session = session;
        this.secondWaveAfter = secondWaveAfter;
    }

    /**
     * Runs the attempt; {@code mayReveal} is asked once the commit round passed, before any reveal is
     * asked for (the coordinator's wait for the request's synced write): false ends the attempt there.
     */
    KeygenOutcome run(java.util.function.BooleanSupplier mayReveal) {
        // Each contributor's answer is checked once, as it arrives; the checked values (h_d, the
        // decoded reveal) are kept, so no signature is verified twice.
        Map<Integer, byte[]> commitHashes = new ConcurrentHashMap<>();
        Map<Integer, SignedCommit> commits = onContributors("commit", node -> post(node, "/v1/dkg/commit", session,
                SignedCommit.class), (committee, commit) -> {
                    if (commit.committee() != committee) {
                        throw new IllegalStateException("it answered for committee " + commit.committee());
                    }
                    commitHashes.put(committee, DkgMessages.checkedCommit(parameters, directory, commit, true));
                });
        if (commits == null) {
            return failed("a contributor did not commit");
        }
        if (!mayReveal.getAsBoolean()) {
            return failed("the request was not stored");
        }
        List<SignedCommit> commitList = List.copyOf(commits.values());
        DkgRevealCall revealCall = new DkgRevealCall(session, commitList);
        // each reveal is checked (§2.6, the nodes' steps 2–3) on the thread that received it, so only
        // the last one's check stays between the reveal round and delivery (docs/keygen.md §6.1)
        RevealsOnArrival reveals;
        try {
            reveals = new RevealsOnArrival(parameters, new CommitSet(new TreeMap<>(commitHashes)));
        } catch (DkgAbort abort) {
            accuse(MANAGER, abort);
            return failed("the manager's commit set is not D: " + abort.failure());
        }
        Map<Integer, DkgDealt> dealt = onContributors("reveal", node -> post(node, "/v1/dkg/reveal", revealCall,
                DkgDealt.class), (committee, answer) -> {
                    if (answer.reveal() == null || answer.reveal().committee() != committee) {
                        throw new IllegalStateException("it revealed for another committee");
                    }
                    reveals.check(committee, DkgMessages.checkedReveal(parameters, directory, answer.reveal(), true));
                });
        if (dealt == null) {
            return failed("a contributor did not reveal, or its reveal did not pass the manager's checks");
        }
        DkgTranscript expected;
        try {
            expected = reveals.transcript();
        } catch (DkgAbort abort) {
            accuse(MANAGER, abort);
            return failed("the reveals did not pass the manager's checks: " + abort.failure());
        }
        Map<String, Activation.Tally> acks = deliver(commitList, dealt, expected);
        Set<String> complainants = new TreeSet<>(complained);
        Activation.Tally tally = Activation.merged(directory, List.copyOf(acks.values()), complainants);
        tally.accused().forEach((node, failure) -> accusations.add(new KeygenOutcome.Accusation(MANAGER, node,
                failure.toString())));
        if (!tally.activates()) {
            return failed(tally.uncovered().isEmpty() ? "nodes complained: " + complainants
                    : "no agreeing acknowledgement from committee(s) " + tally.uncovered());
        }
        activate(expected, tally.kept());
        return KeygenOutcome.activated(expected, tally.kept(), accusations);
    }


    /**
     * Round 3 to every signing node in parallel; records complaints and returns, by sender in node
     * order, each ack already tallied against {@code expected} on the thread that received it
     * (signature, sender, agreement: {@link Activation#tally} of that one ack), so the tally after
     * the round only merges them.
     */
    private Map<String, Activation.Tally> deliver(List<SignedCommit> commits, Map<Integer, DkgDealt> dealt,
                                                  DkgTranscript expected) {
        List<SignedReveal> reveals = dealt.values().stream().map(DkgDealt::reveal).toList();
        Map<String, Activation.Tally> acks = new ConcurrentHashMap<>();
        List<KeygenOutcome.Accusation> found = java.util.Collections.synchronizedList(new ArrayList<>());
        inParallel(directory.members(), member -> {
            List<SealedShareEntry> shares = dealt.values().stream().flatMap(answer -> answer.shares().stream())
                    .filter(share -> member.nodeId().equals(share.nodeId())).toList();
            DkgDelivery delivery = new DkgDelivery(session, commits, reveals, shares);
            Optional<DkgDeliveryAnswer> answer = post(member.nodeId(), "/v1/dkg/deliver", delivery,
                    DkgDeliveryAnswer.class);
            if (answer.isEmpty()) {
                return null;
            }
            if (answer.get().ack() != null) {
                Acknowledgement ack;
                try {
                    ack = answer.get().ack().toAcknowledgement();
                } catch (RuntimeException malformed) {
                    found.add(new KeygenOutcome.Accusation(MANAGER, member.nodeId(), "malformed ack"));
                    return null;
                }
                acks.put(member.nodeId(), Activation.tally(parameters, directory, expected,
                        Map.of(member.nodeId(), ack), Set.of()));
            } else if (answer.get().complaint() != null) {
                complained.add(member.nodeId());
                var complaint = answer.get().complaint();
                if (complaint.culprits().isEmpty()) {
                    found.add(new KeygenOutcome.Accusation(member.nodeId(), complaint.managerAtFault() ? MANAGER : "nobody",
                            complaint.failure()));
                }
                complaint.culprits().forEach(culprit -> found.add(new KeygenOutcome.Accusation(member.nodeId(), culprit,
                        complaint.failure())));
            }
            return null;
        });
        accusations.addAll(found);
        return new TreeMap<>(acks);
    }

    /**
     * {@code activate} to every node whose ack was kept (the others never stored this key), in two
     * waves ({@link ActivationWaves}), returning as soon as every committee has a node that confirmed
     * its ACTIVE record (the activation rule of keygen §2.6 met by durable records, docs/keygen.md
     * §6.1), or when every call has ended. The calls still running or not yet sent go on; until each
     * ends, {@link ActivationsInFlight} keeps its node out of the admission check and of signing
     * parties. A committee of which no node confirmed is logged.
     */
    private void activate(DkgTranscript expected, List<Acknowledgement> kept) {
        DkgActivateCall call = new DkgActivateCall(session, WireFields.toHex(expected.transcriptHash()),
                WireFields.pointHex(expected.publicKey()), kept.stream().map(DkgAck::of).toList());
        byte[] body = Json.writeBytes(call); // the same for every node: encoded once, signed per node
        ActivationWaves waves = new ActivationWaves(activations, parameters.userId(), parameters.keyId(), ack ->
                post(ack.nodeId(), "/v1/dkg/activate", body, DkgActivated.class)
                        .filter(answer -> ack.nodeId().equals(answer.nodeId()) && answer.committee() == ack.committee()
                                && call.publicKey().equals(answer.publicKey()))
                        .isPresent(), CompletableFuture.delayedExecutor(secondWaveAfter.toMillis(), TimeUnit.MILLISECONDS));
        // the timer bounds how long a hung first-wave node holds the others (ActivationWaves)
        Set<Integer> unconfirmed;
        try {
            unconfirmed = waves.run(kept);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!unconfirmed.isEmpty()) {
            LOG.warn("new_key {} attempt {}: no node of committee(s) {} confirmed the activation",
                    parameters.requestId(), parameters.attempt(), unconfirmed);
        }
    }

    /**
     * Calls every contributor and checks its answer; a contributor that does not answer, refuses
     * or answers something that fails {@code check} is accused. Null when any was.
     */
    private <A> Map<Integer, A> onContributors(String step, Function<String, Optional<A>> call, Check<A> check) {
        Map<Integer, A> answers = new ConcurrentHashMap<>();
        List<KeygenOutcome.Accusation> found = java.util.Collections.synchronizedList(new ArrayList<>());
        inParallel(List.copyOf(parameters.contributors().entrySet()), entry -> {
            Optional<A> answer = call.apply(entry.getValue());
            if (answer.isEmpty()) {
                found.add(new KeygenOutcome.Accusation(MANAGER, entry.getValue(), step + ": no valid answer"));
                return null;
            }
            try {
                check.accept(entry.getKey(), answer.get());
                answers.put(entry.getKey(), answer.get());
            } catch (DkgAbort abort) {
                found.add(new KeygenOutcome.Accusation(MANAGER, entry.getValue(), step + ": " + abort.failure()));
            } catch (RuntimeException invalid) {
                found.add(new KeygenOutcome.Accusation(MANAGER, entry.getValue(), step + ": " + invalid.getMessage()));
            }
            return null;
        });
        accusations.addAll(found);
        return found.isEmpty() ? new TreeMap<>(answers) : null;
    }

    @FunctionalInterface
    private interface Check<A> {
        void accept(int committee, A answer) throws DkgAbort;
    }

    private void accuse(String accuser, DkgAbort abort) {
        for (String culprit : abort.culprits()) {
            accusations.add(new KeygenOutcome.Accusation(accuser, culprit, abort.failure().toString()));
        }
    }

    private KeygenOutcome failed(String reason) {
        return KeygenOutcome.failed(reason, accusations);
    }

    /** A node's 2xx answer, parsed; empty when it is unreachable, refuses, or answers garbage. */
    private <T> Optional<T> post(String nodeId, String path, Object body, Class<T> type) {
        return post(nodeId, path, Json.writeBytes(body), type);
    }

    /** {@link #post(String, String, Object, Class)} of a body already encoded. */
    private <T> Optional<T> post(String nodeId, String path, byte[] body, Class<T> type) {
        try {
            SignedNodeClient.Answer answer = client.post(registry.node(nodeId).orElseThrow(), path, body);
            if (!answer.isSuccess()) {
                return Optional.empty();
            }
            return Optional.of(Json.read(answer.body(), type));
        } catch (java.io.IOException | RuntimeException failed) {
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static <I> void inParallel(List<I> inputs, Function<I, Void> task) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> futures = inputs.stream().map(input -> executor.submit(() -> task.apply(input))).toList();
            for (Future<Void> future : futures) {
                future.get();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException failed) {
            throw new IllegalStateException("key generation step failed", failed.getCause());
        }
    }
}
