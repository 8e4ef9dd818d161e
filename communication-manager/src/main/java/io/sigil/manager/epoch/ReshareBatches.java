package io.sigil.manager.epoch;

import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.reshare.ReshareBatch;
import io.sigil.crypto.reshare.ReshareBatchRound1;
import io.sigil.crypto.reshare.ReshareTranscript;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.wire.keygen.Contributor;
import io.sigil.wire.reshare.KeyList;
import io.sigil.wire.reshare.PointCache;
import io.sigil.wire.reshare.ReshareBatchAcks;
import io.sigil.wire.reshare.ReshareBatchAnswer;
import io.sigil.wire.reshare.ReshareBatchContribution;
import io.sigil.wire.reshare.ReshareBatchDelivery;
import io.sigil.wire.reshare.ReshareBatchMessages;
import io.sigil.wire.reshare.ReshareBatchSession;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of the manager's reshare (docs/keygen.md §3.5): up to B keys with the same party
 * {@code P}. It asks every contributor once (in parallel, and while the previous batch is still
 * being delivered: {@link #start}, then {@link #finish}) for the whole batch, checks each
 * contributor's one signature and then every key's {@code (C', T')} itself, delivers the batch to
 * every signing node of {@code e+1} (in parallel), checks each node's one batch-ack signature over
 * the ack digests it recomputes from the {@code T'} the node names, and tallies every key by the
 * rule of §2.6: every committee of {@code e+1} covered by an ack on the manager's own {@code T'} and
 * no complaint. A key that fails records its accused (a refusing contributor, the culprits of the
 * manager's check or of a node's complaint) in its own exclusions and waits for its next attempt;
 * it does not hold back the others.
 */
final class ReshareBatches implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReshareBatches.class);

    /** One key's progress through its attempts. */
    static final class KeyState {
        final String name;
        final KeyList.Entry entry;
        final int newThreshold;
        final Set<String> excluded = new HashSet<>();
        int attempt;

        KeyState(String name, KeyList.Entry entry, int newThreshold) {
            this.name = name;
            this.entry = entry;
            this.newThreshold = newThreshold;
        }
    }

    private final SignedNodeClient client;
    private final Registry current;
    private final Registry next;
    private final DkgDirectory oldNodes;
    private final DkgDirectory newNodes;
    private final byte[] approvalDigest;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ReshareBatches(SignedNodeClient client, Registry current, Registry next, DkgDirectory oldNodes,
                   DkgDirectory newNodes, String documentSha256) {
        this.client = client;
        this.current = current;
        this.next = next;
        this.oldNodes = oldNodes;
        this.newNodes = newNodes;
        this.approvalDigest = HexFormat.of().parseHex(documentSha256);
    }

    /** A batch whose contributions are under way. */
    final class Started {
        private final List<Contributor> party;
        private final List<KeyState> keys;
        private final ReshareBatchSession session;
        private final ReshareBatch batch;
        private final PointCache points = new PointCache();
        private final List<Future<ReshareBatchContribution>> contributions;

        List<KeyState> keys() {
            return keys;
        }

        private Started(List<Contributor> party, List<KeyState> keys) {
            this.party = party;
            this.keys = keys;
            List<ReshareBatchSession.Key> entries = new ArrayList<>(keys.size());
            for (KeyState key : keys) {
                entries.add(new ReshareBatchSession.Key(key.entry.userId(), key.entry.keyId(), key.entry.publicKey(),
                        key.entry.threshold(), key.newThreshold, key.attempt));
            }
            this.session = new ReshareBatchSession(party, entries);
            this.batch = session.batch(current.networkId(), current.epoch(), approvalDigest, next.committeeCount(),
                    points);
            this.contributions = party.stream().map(contributor -> executor.submit(() -> EpochReshare.read(
                    client.postJson(current.node(contributor.nodeId()).orElseThrow(),
                            "/v1/epoch/reshare/batch/contribute", session), ReshareBatchContribution.class))).toList();
        }
    }

    /**
     * Asks every contributor of {@code party} for the batch of {@code keys}, in the background: the
     * driver starts the next batch before it finishes this one, so the contributors deal batch
     * {@code n + 1} while the new nodes check batch {@code n}.
     */
    Started start(List<Contributor> party, List<KeyState> keys) {
        return new Started(party, keys);
    }

    /** Finishes a started batch; returns the {@code T'} of every key it reshared, by name. */
    Map<String, byte[]> finish(Started started) {
        List<KeyState> keys = started.keys;
        List<Contributor> party = started.party;
        ReshareBatch batch = started.batch;
        List<ReshareBatchContribution> contributions = new ArrayList<>();
        for (int position = 0; position < party.size(); position++) {
            ReshareBatchContribution contribution = await(started.contributions.get(position));
            if (contribution == null) {
                String node = party.get(position).nodeId();
                LOG.warn("reshare batch of {} keys: contributor {} did not answer", keys.size(), node);
                keys.forEach(key -> key.excluded.add(node));
                return Map.of();
            }
            contributions.add(contribution);
        }
        List<ReshareTranscript.KeyTranscript> expected;
        try {
            SortedMap<Integer, ReshareBatchRound1.BatchMessage> messages = ReshareBatchMessages.contributions(batch,
                    oldNodes, contributions, true, started.points);
            expected = ReshareTranscript.verified(batch, messages);
        } catch (DkgAbort abort) {
            LOG.warn("reshare batch of {} keys: {}", keys.size(), abort.getMessage());
            keys.forEach(key -> key.excluded.addAll(abort.culprits()));
            return Map.of();
        }
        excludeRefusing(party, contributions, keys);
        Map<String, ReshareBatchAnswer> answers = deliver(new ReshareBatchDelivery(started.session, contributions));
        return tally(started.session, batch, keys, expected, answers);
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException failed) {
            return null;
        }
    }

    @Override
    public void close() {
        executor.close();
    }

    /** A key a contributor refused excludes that contributor from its next attempt. */
    private static void excludeRefusing(List<Contributor> party, List<ReshareBatchContribution> contributions,
                                        List<KeyState> keys) {
        for (int position = 0; position < party.size(); position++) {
            for (ReshareBatchContribution.Refusal refusal : contributions.get(position).refused()) {
                if (refusal.index() >= 0 && refusal.index() < keys.size()) {
                    keys.get(refusal.index()).excluded.add(party.get(position).nodeId());
                }
            }
        }
    }

    /** The batch to every signing node of {@code e+1} in parallel; the answers by node. */
    private Map<String, ReshareBatchAnswer> deliver(ReshareBatchDelivery delivery) {
        List<NodeEntry> nodes = next.nodesWithRole(Role.SIGNING_CLIENT);
        List<Future<ReshareBatchAnswer>> answers = nodes.stream().map(node -> executor.submit(() -> EpochReshare.read(
                client.postJson(node, "/v1/epoch/reshare/batch/deliver", delivery), ReshareBatchAnswer.class))).toList();
        Map<String, ReshareBatchAnswer> byNode = new HashMap<>();
        for (int index = 0; index < nodes.size(); index++) {
            ReshareBatchAnswer answer = await(answers.get(index));
            if (answer != null) {
                byNode.put(nodes.get(index).id(), answer);
            }
        }
        return byNode;
    }

    /**
     * The signed answers of a tallied batch to every signing node of {@code e+1} (in parallel), which
     * keep them as the catch-up evidence of the batch's keys (keygen §3.7). A node that misses them
     * keeps its keys without evidence: they sign as before, only a replica that lacks one of them
     * cannot fetch it from this node.
     */
    private void shareAcks(ReshareBatchAcks acks) {
        List<NodeEntry> nodes = next.nodesWithRole(Role.SIGNING_CLIENT);
        List<Future<SignedNodeClient.Answer>> sent = nodes.stream().map(node -> executor.submit(() ->
                client.postJson(node, "/v1/epoch/reshare/batch/acks", acks))).toList();
        for (int index = 0; index < nodes.size(); index++) {
            SignedNodeClient.Answer answer = await(sent.get(index));
            if (answer == null || answer.status() != 200) {
                LOG.warn("reshare batch: {} did not keep the batch's acks ({})", nodes.get(index).id(),
                        answer == null ? "no answer" : "status " + answer.status());
            }
        }
    }

    /** §2.6 per key on the manager's own {@code T'}: every committee covered by an agreeing ack, no complaint. */
    private Map<String, byte[]> tally(ReshareBatchSession session, ReshareBatch batch, List<KeyState> keys,
                                      List<ReshareTranscript.KeyTranscript> expected,
                                      Map<String, ReshareBatchAnswer> answers) {
        List<Set<Integer>> covered = new ArrayList<>();
        List<Set<String>> complainants = new ArrayList<>();
        for (int index = 0; index < keys.size(); index++) {
            covered.add(new TreeSet<>());
            complainants.add(new TreeSet<>());
        }
        Map<String, ReshareBatchAnswer> signed = new java.util.TreeMap<>();
        answers.forEach((node, answer) -> count(batch, keys, expected, node, answer, covered, complainants, signed));
        Map<String, byte[]> done = new HashMap<>();
        for (int index = 0; index < keys.size(); index++) {
            KeyState key = keys.get(index);
            ReshareTranscript.KeyTranscript own = expected.get(index);
            if (own.abort() != null) {
                LOG.warn("reshare of {} attempt {}: {}", key.name, key.attempt, own.abort().getMessage());
                key.excluded.addAll(own.abort().culprits());
            } else if (covered.get(index).size() == newNodes.committeeCount() && complainants.get(index).isEmpty()) {
                done.put(key.name, own.transcript().transcriptHash());
            } else {
                // the accused are logged so an operator (and the crash tests) can see who the retry leaves out
                LOG.warn("reshare of {} attempt {} not acknowledged by every committee: covered {}, complaints from {},"
                        + " accused {}", key.name, key.attempt, covered.get(index), complainants.get(index), key.excluded);
            }
        }
        if (!done.isEmpty()) {
            shareAcks(new ReshareBatchAcks(session, List.copyOf(signed.values())));
        }
        return done;
    }

    /**
     * One node's answer: its batch signature over the ack digests of the keys it acknowledged
     * (recomputed here from the {@code T'} it names) must verify, else none of its acks count; an
     * ack on the manager's {@code T'} covers the node's committee for that key; a complaint blocks
     * the key and excludes its culprits.
     */
    private void count(ReshareBatch batch, List<KeyState> keys, List<ReshareTranscript.KeyTranscript> expected,
                       String node, ReshareBatchAnswer answer, List<Set<Integer>> covered,
                       List<Set<String>> complainants, Map<String, ReshareBatchAnswer> signed) {
        var member = newNodes.member(node);
        if (member.isEmpty() || !node.equals(answer.nodeId()) || member.get().committee() != answer.committee()
                || answer.keys().size() != keys.size()) {
            LOG.warn("reshare batch: the answer of {} names another node, committee or batch", node);
            return;
        }
        int committee = answer.committee();
        ReshareBatchAnswer.Acknowledged acknowledged;
        try {
            acknowledged = answer.acknowledged(batch);
        } catch (IllegalArgumentException malformed) {
            LOG.warn("reshare batch: the answer of {}: {}", node, malformed.getMessage());
            return;
        }
        for (int index = 0; index < keys.size(); index++) {
            ReshareBatchAnswer.KeyAnswer key = answer.keys().get(index);
            if (key.transcriptHash() == null && key.complaint() != null) {
                complainants.get(index).add(node);
                keys.get(index).excluded.addAll(key.complaint().culprits());
            }
        }
        if (!answer.signedBy(member.get().keys(), batch, acknowledged)) {
            LOG.warn("reshare batch: the batch ack of {} does not verify", node);
            return;
        }
        signed.put(node, answer);
        List<Integer> acked = acknowledged.indexes();
        List<byte[]> transcripts = acknowledged.transcripts();
        for (int position = 0; position < acked.size(); position++) {
            int index = acked.get(position);
            ReshareTranscript own = expected.get(index).transcript();
            if (own != null && MessageDigest.isEqual(own.transcriptHash(), transcripts.get(position))) {
                covered.get(index).add(committee);
            }
        }
    }
}
