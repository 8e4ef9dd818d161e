package io.sigil.testing.reshare;

import io.sigil.crypto.dkg.AckScope;
import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.dkg.PendingKey;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.crypto.reshare.KeyPublicRecord;
import io.sigil.crypto.reshare.PendingReshare;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.crypto.reshare.ReshareRound1;
import io.sigil.crypto.reshare.ReshareRound2;
import io.sigil.crypto.reshare.ReshareTranscript;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.PeerKeys;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The reshare of one key (keygen §3.3–§3.4) from an old epoch to a new one in one JVM, with real
 * node identities (Ed25519 acknowledgements, HPKE-sealed values). The old epoch is given as the
 * nodes and records it holds (e.g. what {@link io.sigil.testing.dkg.InMemoryDkgNetwork} activated,
 * or the pending records of an earlier reshare); the new epoch is either fresh nodes
 * ({@code n'} committees of {@code r'} replicas, ids {@code e<epoch>-c<j>-r<r>}) or, for a refresh,
 * the same nodes. The manager is simulated honestly: it relays, computes {@code (C', T')} from the
 * contributors' public parts, tallies acknowledgements with the rule of §2.6 and activates; a test
 * corrupts any message through a {@link ReshareInterceptor}. New nodes re-check everything, so the
 * harness delivers even when the manager's own check refused.
 */
public final class InMemoryReshareNetwork {

    public static final String MANAGER = "manager";
    public static final String NETWORK_ID = "sigil-test";
    private static final byte[] APPROVAL = new byte[32];

    private final long oldEpoch;
    private final DkgDirectory oldDirectory;
    private final Map<String, KeyShard> oldShards;
    private final KeyPublicRecord record;
    private final DkgDirectory newDirectory;
    private final Map<String, NodeIdentity> newIdentities;
    private final int newThreshold;
    private final SecureRandom rng;
    private SortedMap<Integer, String> contributors = new TreeMap<>();
    private ReshareInterceptor interceptor = ReshareInterceptor.NONE;
    private int attempt = 1;

    private InMemoryReshareNetwork(long oldEpoch, DkgDirectory oldDirectory, Map<String, KeyShard> oldShards,
            KeyPublicRecord record, DkgDirectory newDirectory, Map<String, NodeIdentity> newIdentities,
            int newThreshold, SecureRandom rng) {
        this.oldEpoch = oldEpoch;
        this.oldDirectory = oldDirectory;
        this.oldShards = oldShards;
        this.record = record;
        this.newDirectory = newDirectory;
        this.newIdentities = newIdentities;
        this.newThreshold = newThreshold;
        this.rng = rng;
        for (int committee = 1; committee <= record.threshold(); committee++) {
            contributors.put(committee, oldDirectory.signingNodes(committee).getFirst().nodeId());
        }
    }

    /** The old epoch as the records a key generation activated (one per node). */
    public static KeyPublicRecord recordOf(PendingKey any) {
        return new KeyPublicRecord(any.userId(), any.keyId(), any.accountKey(), any.threshold(), any.commitments(),
                any.chainCode());
    }

    /** The record a reshare carried to its nodes, for a reshare after it. */
    public static KeyPublicRecord recordOf(PendingReshare any) {
        KeyPublicRecord carried = any.carried();
        return new KeyPublicRecord(carried.userId(), carried.keyId(), carried.accountKey(), any.threshold(),
                any.commitments(), carried.chainCode());
    }

    /** To {@code newCommittees} fresh committees of {@code newReplicas} nodes each, threshold {@code newThreshold}. */
    public static InMemoryReshareNetwork toNewNodes(long oldEpoch, DkgDirectory oldDirectory,
            Map<String, KeyShard> oldShards, KeyPublicRecord record, int newCommittees, int newReplicas,
            int newThreshold, SecureRandom rng) {
        Map<String, NodeIdentity> identities = new TreeMap<>();
        List<DkgDirectory.Member> members = new ArrayList<>();
        for (int committee = 1; committee <= newCommittees; committee++) {
            for (int replica = 1; replica <= newReplicas; replica++) {
                NodeIdentity identity = NodeIdentity.generate();
                String node = "e" + (oldEpoch + 1) + "-c" + committee + "-r" + replica;
                identities.put(node, identity);
                members.add(new DkgDirectory.Member(node, committee,
                        PeerKeys.of(identity.identityKey(), identity.encryptionKey())));
            }
        }
        return new InMemoryReshareNetwork(oldEpoch, oldDirectory, oldShards, record,
                DkgDirectory.of(newCommittees, members), identities, newThreshold, rng);
    }

    /** A refresh: the same nodes, committees and threshold, the next epoch. */
    public static InMemoryReshareNetwork refresh(long oldEpoch, DkgDirectory directory, Map<String, NodeIdentity> identities,
            Map<String, KeyShard> shards, KeyPublicRecord record, SecureRandom rng) {
        return new InMemoryReshareNetwork(oldEpoch, directory, shards, record, directory, new TreeMap<>(identities),
                record.threshold(), rng);
    }

    /** Chooses P: old committee → contributing node. */
    public InMemoryReshareNetwork contributors(SortedMap<Integer, String> chosen) {
        this.contributors = new TreeMap<>(chosen);
        return this;
    }

    public InMemoryReshareNetwork interceptor(ReshareInterceptor value) {
        this.interceptor = value;
        return this;
    }

    public InMemoryReshareNetwork attempt(int value) {
        this.attempt = value;
        return this;
    }

    public DkgDirectory newDirectory() {
        return newDirectory;
    }

    public NodeIdentity newIdentity(String node) {
        return newIdentities.get(node);
    }

    public Set<String> newNodes() {
        return new TreeSet<>(newIdentities.keySet());
    }

    public ReshareParameters parameters() {
        return new ReshareParameters(NETWORK_ID, oldEpoch, oldEpoch + 1, APPROVAL, record.userId(), record.keyId(),
                record.publicKey(), record.threshold(), newThreshold, newDirectory.committeeCount(), contributors,
                attempt);
    }

    /** One attempt, from the contributions to activation. */
    public ReshareOutcome run() {
        ReshareParameters parameters = parameters();
        Map<String, DkgAbort> contributorAborts = new TreeMap<>();
        Map<Integer, ReshareRound1.Message> sent = new TreeMap<>();
        for (Map.Entry<Integer, String> entry : contributors.entrySet()) {
            KeyShard shard = oldShards.get(entry.getValue());
            try {
                ReshareRound1.Message message = ReshareRound1.contribute(parameters, entry.getKey(), record,
                        new KeyShard(shard.index(), shard.share()), newDirectory, rng);
                sent.put(entry.getKey(), interceptor.contribution(entry.getKey(), message));
            } catch (DkgAbort abort) {
                contributorAborts.put(entry.getValue(), abort);
            }
        }
        if (!contributorAborts.isEmpty()) {
            return new ReshareOutcome(contributorAborts, null, null, Map.of(), Map.of(), null, Map.of(), Set.of());
        }
        DkgAbort managerAbort = null;
        ReshareTranscript expected = null;
        try {
            expected = ReshareTranscript.verified(parameters, sent);
        } catch (DkgAbort abort) {
            managerAbort = abort;
        }
        Map<String, DkgAbort> nodeAborts = new TreeMap<>();
        Map<String, PendingReshare> pending = new TreeMap<>();
        for (DkgDirectory.Member member : newDirectory.members()) {
            String node = member.nodeId();
            Map<Integer, ReshareRound1.Message> delivered = new TreeMap<>();
            sent.forEach((committee, message) -> delivered.put(committee,
                    interceptor.contributionTo(node, committee, message)));
            try {
                pending.put(node, ReshareRound2.receive(parameters, oldDirectory, newDirectory, node, delivered,
                        newIdentities.get(node)::decrypt));
            } catch (DkgAbort abort) {
                nodeAborts.put(node, abort);
            }
        }
        if (expected == null) {
            return new ReshareOutcome(contributorAborts, managerAbort, null, nodeAborts, pending, null, Map.of(), Set.of());
        }
        Map<String, Acknowledgement> acknowledgements = new TreeMap<>();
        pending.forEach((node, key) -> acknowledgements.put(node, interceptor.acknowledgement(node,
                key.acknowledge(newIdentities.get(node)::sign))));
        AckScope scope = new AckScope(AckScope.RESHARE, parameters.userId(), parameters.keyId(), parameters.newEpoch());
        Activation.Tally tally = Activation.tally(scope, newDirectory, expected.transcriptHash(), expected.publicKey(),
                acknowledgements, nodeAborts.keySet());
        Map<String, DkgAbort> activationAborts = new LinkedHashMap<>();
        Set<String> active = new TreeSet<>();
        if (tally.activates()) {
            Activation.Activate activate = new Activation.Activate(parameters.userId(), parameters.keyId(),
                    expected.transcriptHash(), expected.publicKey(), tally.kept());
            for (Map.Entry<String, PendingReshare> entry : pending.entrySet()) {
                try {
                    Activation.verify(entry.getValue().scope(), newDirectory, interceptor.activate(entry.getKey(),
                            activate), entry.getValue().transcriptHash(), entry.getValue().publicKey(),
                            parameters.sessionId());
                    active.add(entry.getKey());
                } catch (DkgAbort abort) {
                    activationAborts.put(entry.getKey(), abort);
                }
            }
        }
        return new ReshareOutcome(contributorAborts, managerAbort, expected, nodeAborts, pending, tally,
                activationAborts, active);
    }
}
