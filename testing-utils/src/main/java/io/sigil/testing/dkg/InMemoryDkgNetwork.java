package io.sigil.testing.dkg;

import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.CommitSet;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.DkgParameters;
import io.sigil.crypto.dkg.DkgRound1;
import io.sigil.crypto.dkg.DkgRound2;
import io.sigil.crypto.dkg.DkgRound3;
import io.sigil.crypto.dkg.DkgTranscript;
import io.sigil.crypto.dkg.PendingKey;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.PeerKeys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Network key generation (keygen §2.2–§2.6) among {@code n} committees of {@code r} replicas in one
 * JVM, with real node identities (Ed25519 acknowledgements, HPKE-sealed shares). The manager is
 * simulated honestly: it relays, computes {@code (T, PK)} from the reveals it received, tallies
 * acknowledgements and sends {@code activate}; a test corrupts any message through a
 * {@link DkgInterceptor}. Nodes re-check everything themselves, so the harness delivers even when
 * the manager's own check of the reveals refused (its refusal is recorded; it does not activate).
 * Messages that have an encoding travel as bytes.
 */
public final class InMemoryDkgNetwork {

    /** The name under which the manager's refusals appear in {@link DkgOutcome#allAborts()}. */
    public static final String MANAGER = "manager";
    public static final String NETWORK_ID = "sigil-test";
    public static final long EPOCH = 7;

    private final int committees;
    private final int threshold;
    private final SecureRandom rng;
    private final Map<String, NodeIdentity> identities = new TreeMap<>();
    private final DkgDirectory directory;
    private SortedMap<Integer, String> contributors = new TreeMap<>();
    private DkgInterceptor interceptor = DkgInterceptor.NONE;
    private String keyId = "key-1";

    public InMemoryDkgNetwork(int committees, int replicas, int threshold, SecureRandom rng) {
        this.committees = committees;
        this.threshold = threshold;
        this.rng = rng;
        List<DkgDirectory.Member> members = new ArrayList<>();
        for (int committee = 1; committee <= committees; committee++) {
            for (int replica = 1; replica <= replicas; replica++) {
                NodeIdentity identity = NodeIdentity.generate();
                String node = nodeId(committee, replica);
                identities.put(node, identity);
                members.add(new DkgDirectory.Member(node, committee,
                        PeerKeys.of(identity.identityKey(), identity.encryptionKey())));
            }
        }
        this.directory = DkgDirectory.of(committees, members);
        for (int committee = 1; committee <= threshold; committee++) {
            contributors.put(committee, nodeId(committee, 1));
        }
    }

    public static String nodeId(int committee, int replica) {
        return "c" + committee + "-r" + replica;
    }

    public DkgDirectory directory() {
        return directory;
    }

    public NodeIdentity identity(String node) {
        return identities.get(node);
    }

    /** Chooses D: committee → contributing node. */
    public InMemoryDkgNetwork contributors(SortedMap<Integer, String> chosen) {
        this.contributors = new TreeMap<>(chosen);
        return this;
    }

    public InMemoryDkgNetwork interceptor(DkgInterceptor value) {
        this.interceptor = value;
        return this;
    }

    public InMemoryDkgNetwork keyId(String value) {
        this.keyId = value;
        return this;
    }

    public DkgParameters parameters() {
        // 32 bytes, the length of an Ed25519 account key (a reshare carries it in the key's public record)
        return new DkgParameters(NETWORK_ID, EPOCH, "user-1", keyId,
                java.util.Arrays.copyOf("account-key".getBytes(StandardCharsets.UTF_8), 32),
                threshold, committees, contributors, "request-" + keyId, 0, 1_900_000_000L);
    }

    /** One attempt, start to activation. */
    public DkgOutcome run() {
        DkgParameters parameters = parameters();
        Map<String, DkgAbort> contributorAborts = new TreeMap<>();
        // Round 1: every contributor commits (a deviating one to what it will reveal); the manager
        // collects {h_d}.
        byte[] sessionId = parameters.sessionId();
        Map<Integer, DkgRound1> firstRounds = new TreeMap<>();
        Map<Integer, Reveal> deviations = new TreeMap<>();
        List<DkgRound1.Message> commits = new ArrayList<>();
        for (int committee : contributors.keySet()) {
            DkgRound1 round = DkgRound1.start(parameters, committee, rng);
            firstRounds.put(committee, round);
            Reveal honest = round.unboundReveal();
            Reveal deviation = interceptor.deviate(committee, honest);
            DkgRound1.Message message = round.message();
            if (deviation != honest) {
                deviations.put(committee, deviation);
                message = new DkgRound1.Message(committee, deviation.commitHash(sessionId));
            }
            commits.add(interceptor.commit(committee, message));
        }
        CommitSet commitSet = CommitSet.of(commits);
        // Round 2: each contributor checks the set, reveals and deals. A deviating contributor skips
        // its own check (it knows its h_d differs) and reveals the values it committed to.
        Map<Integer, DkgRound2.Message> dealt = new TreeMap<>();
        for (Map.Entry<Integer, DkgRound1> entry : firstRounds.entrySet()) {
            int committee = entry.getKey();
            String node = contributors.get(committee);
            CommitSet received = interceptor.commitSet(node, commitSet);
            try {
                Reveal deviation = deviations.get(committee);
                if (deviation == null) {
                    dealt.put(committee, entry.getValue().finish(received).deal(directory));
                } else {
                    SortedMap<Integer, byte[]> ownView = new TreeMap<>(received.hashes());
                    ownView.put(committee, entry.getValue().message().commitHash());
                    DkgRound2.Message honest = entry.getValue().finish(new CommitSet(ownView)).deal(directory);
                    Reveal bound = new Reveal(committee, received.digest(sessionId), deviation.commitments(),
                            deviation.proof());
                    dealt.put(committee, new DkgRound2.Message(bound, honest.shares()));
                }
            } catch (DkgAbort abort) {
                contributorAborts.put(node, abort);
            }
        }
        if (!contributorAborts.isEmpty()) {
            return new DkgOutcome(contributorAborts, null, null, Map.of(), Map.of(), null, Map.of(), Set.of());
        }
        // The manager checks what it relays and computes (T, PK) itself.
        Map<Integer, Reveal> managerReveals = new TreeMap<>();
        dealt.forEach((committee, message) -> managerReveals.put(committee,
                Reveal.decode(interceptor.revealToManager(committee, message.reveal()).encode())));
        DkgAbort managerAbort = null;
        DkgTranscript expected = null;
        try {
            expected = DkgTranscript.verified(parameters, commitSet, managerReveals);
        } catch (DkgAbort abort) {
            managerAbort = abort;
        }
        // Round 3: delivery to every signing node and its checks.
        Map<String, DkgAbort> nodeAborts = new TreeMap<>();
        Map<String, PendingKey> pending = new TreeMap<>();
        for (DkgDirectory.Member member : directory.members()) {
            String node = member.nodeId();
            Map<Integer, Reveal> reveals = new TreeMap<>();
            Map<Integer, byte[]> sealed = new TreeMap<>();
            for (Map.Entry<Integer, DkgRound2.Message> entry : dealt.entrySet()) {
                Reveal reveal = interceptor.revealTo(node, entry.getKey(), managerReveals.get(entry.getKey()));
                reveals.put(entry.getKey(), Reveal.decode(reveal.encode()));
                DkgRound2.SealedShare share = entry.getValue().shareFor(node);
                sealed.put(entry.getKey(), interceptor.sealedShareTo(node, entry.getKey(),
                        share == null ? null : share.ciphertext()));
            }
            sealed.values().removeIf(java.util.Objects::isNull);
            DkgRound3.Delivery delivery = new DkgRound3.Delivery(interceptor.commitSet(node, commitSet), reveals, sealed);
            try {
                pending.put(node, DkgRound3.receive(parameters, directory, node, delivery, identities.get(node)::decrypt));
            } catch (DkgAbort abort) {
                nodeAborts.put(node, abort);
            }
        }
        if (expected == null) {
            return new DkgOutcome(contributorAborts, managerAbort, null, nodeAborts, pending, null, Map.of(), Set.of());
        }
        // §2.6: acknowledgements, the manager's tally, activation.
        Map<String, Acknowledgement> acknowledgements = new TreeMap<>();
        pending.forEach((node, key) -> acknowledgements.put(node, interceptor.acknowledgement(node,
                key.acknowledge(identities.get(node)::sign))));
        Activation.Tally tally = Activation.tally(parameters, directory, expected, acknowledgements,
                nodeAborts.keySet());
        Map<String, DkgAbort> activationAborts = new LinkedHashMap<>();
        Set<String> active = new TreeSet<>();
        if (tally.activates()) {
            Activation.Activate activate = new Activation.Activate(parameters.userId(), parameters.keyId(),
                    expected.transcriptHash(), expected.publicKey(), tally.kept());
            for (Map.Entry<String, PendingKey> entry : pending.entrySet()) {
                try {
                    Activation.verify(parameters, directory, interceptor.activate(entry.getKey(), activate),
                            entry.getValue());
                    active.add(entry.getKey());
                } catch (DkgAbort abort) {
                    activationAborts.put(entry.getKey(), abort);
                }
            }
        }
        return new DkgOutcome(contributorAborts, managerAbort, expected, nodeAborts, pending, tally,
                activationAborts, active);
    }

    /** The node ids of committee {@code committee}. */
    public List<String> replicas(int committee) {
        return directory.signingNodes(committee).stream().map(DkgDirectory.Member::nodeId).toList();
    }

    /** Every node id. */
    public Set<String> nodes() {
        return new HashSet<>(identities.keySet());
    }
}
