package io.sigil.node.reshare;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.crypto.reshare.PendingReshare;
import io.sigil.crypto.reshare.ReshareBatch;
import io.sigil.crypto.reshare.ReshareBatchAck;
import io.sigil.crypto.reshare.ReshareBatchRound1;
import io.sigil.crypto.reshare.ReshareBatchRound2;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.node.epoch.NodeEpoch;
import io.sigil.node.faults.FaultInjection;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.json.Json;
import io.sigil.wire.reshare.ReshareAcksKept;
import io.sigil.wire.reshare.ReshareBatchAcks;
import io.sigil.wire.sync.ReshareBatchEvidence;
import io.sigil.wire.reshare.ReshareBatchAnswer;
import io.sigil.wire.reshare.ReshareBatchContribution;
import io.sigil.wire.reshare.ReshareBatchDelivery;
import io.sigil.wire.reshare.ReshareBatchMessages;
import io.sigil.wire.reshare.ReshareBatchSession;
import io.sigil.wire.reshare.PointCache;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of a batched reshare (docs/keygen.md §3.5): the same work as
 * {@link NodeReshare} for up to {@link ReshareBatch#MAX_KEYS} keys with the same party {@code P} per
 * call. As contributor it deals every key it holds in one signed message with one seal per
 * recipient (a key it cannot deal is refused alone, with its reason); as a signing node of
 * {@code e+1} it opens each contributor's seal once, runs every check of §3.4 per key, stores the
 * accepted keys {@code PENDING} in one synced store batch, and answers per key an ack (its
 * {@code T'}) or a complaint, with ONE signature over the acknowledged keys' ack digests.
 */
@Singleton
public final class NodeReshareBatch {
    private static final Logger LOG = LoggerFactory.getLogger(NodeReshareBatch.class);

    private final LocalNode local;
    private final NodeEpoch epoch;
    private final NodeReshare reshare;
    private final KeyRegistrations registrations;
    private final PendingReshares pending;
    private final FaultInjection faults;
    private final MeterRegistry meters;
    private final SecureRandom random = new SecureRandom();

    NodeReshareBatch(LocalNode local, NodeEpoch epoch, NodeReshare reshare, KeyRegistrations registrations,
                     NodeStore store, FaultInjection faults, MeterRegistry meters) {
        this.local = local;
        this.epoch = epoch;
        this.reshare = reshare;
        this.registrations = registrations;
        this.pending = new PendingReshares(store.store());
        this.faults = faults;
        this.meters = meters;
    }

    /** §3.3 for a batch: as the node of old committee {@code i ∈ P}, deal this node's shard of every key it holds. */
    public ReshareBatchContribution contribute(ReshareBatchSession session) {
        NodeEpoch.OpenProposal open = reshare.requireOpen();
        ReshareBatch batch = batch(session, open, new PointCache());
        if (local.joining() || local.registry().node(local.id()).isEmpty()) {
            throw ApiProblemException.forbidden("node " + local.id() + " holds no shard of epoch "
                    + local.registry().epoch());
        }
        int committee = registrations.committee();
        if (!local.id().equals(batch.contributors().get(committee))) {
            throw ApiProblemException.forbidden("node " + local.id() + " is not the contributor of committee "
                    + committee + " in this batch");
        }
        Map<Integer, ReshareBatchRound1.Input> inputs = new TreeMap<>();
        List<ReshareBatchContribution.Refusal> refused = new ArrayList<>();
        List<KeyRecord> held = new ArrayList<>();
        try {
            for (int index = 0; index < batch.size(); index++) {
                ReshareParameters parameters = batch.key(index);
                Optional<KeyRecord> found = registrations.find(parameters.userId(), parameters.keyId());
                if (found.isEmpty()) {
                    refused.add(new ReshareBatchContribution.Refusal(index, "node " + local.id() + " holds no key "
                            + parameters.keyId() + " of user " + parameters.userId()));
                    continue;
                }
                held.add(found.get());
                inputs.put(index, new ReshareBatchRound1.Input(NodeReshare.publicRecord(parameters, found.get()),
                        new KeyShard(committee, found.get().share())));
            }
            ReshareBatchRound1.Contribution contribution = ReshareBatchRound1.contribute(batch, committee, inputs,
                    reshare.proposedNodes(open), random, faults.reshareValues(batch));
            contribution.refused().forEach((index, abort) ->
                    refused.add(new ReshareBatchContribution.Refusal(index, abort.getMessage())));
            refused.sort(java.util.Comparator.comparingInt(ReshareBatchContribution.Refusal::index));
            ReshareBatchRound1.BatchMessage message = faults.reshareBatchMessage(contribution.message());
            byte[] signature = local.identity().sign(message.signedBytes(batch.digest()));
            meters.counter("sigil.reshare.contributions").increment(message.parts().size());
            return ReshareBatchContribution.of(local.id(), message, refused, signature);
        } finally {
            held.forEach(KeyRecord::destroy);
        }
    }

    /** §3.4 per key of the batch, PENDING in one synced store batch, one signed answer. */
    public ReshareBatchAnswer deliver(ReshareBatchDelivery delivery) {
        NodeEpoch.OpenProposal open = reshare.requireOpen();
        DkgDirectory newNodes = reshare.proposedNodes(open);
        int committee = reshare.requireNewSigningNode(newNodes, open);
        if (delivery.session() == null) {
            throw ApiProblemException.badRequest("session is required");
        }
        PointCache points = new PointCache();
        ReshareBatch batch = batch(delivery.session(), open, points);
        List<ReshareBatchRound2.Outcome> outcomes;
        SortedMap<Integer, ReshareBatchRound1.BatchMessage> messages = new TreeMap<>();
        try {
            messages = ReshareBatchMessages.contributions(batch, reshare.runningNodes(), delivery.contributions(), false,
                    points);
            outcomes = ReshareBatchRound2.receive(batch, reshare.runningNodes(), newNodes, local.id(), messages,
                    local.identity()::decrypt);
        } catch (DkgAbort abort) {
            outcomes = new ArrayList<>();
            for (int index = 0; index < batch.size(); index++) {
                outcomes.add(new ReshareBatchRound2.Outcome(null, abort));
            }
        }
        try {
            return answer(batch, committee, open, outcomes, ReshareEvidenceKept.perKey(local.registry().epoch(),
                    delivery.session(), batch, messages, outcomes));
        } finally {
            outcomes.stream().filter(ReshareBatchRound2.Outcome::accepted).forEach(outcome -> outcome.pending().destroy());
        }
    }

    private ReshareBatchAnswer answer(ReshareBatch batch, int committee, NodeEpoch.OpenProposal open,
                                      List<ReshareBatchRound2.Outcome> outcomes, Map<byte[], byte[]> evidence) {
        Map<byte[], PendingReshares.Stored> records = new LinkedHashMap<>();
        List<ReshareBatchAnswer.KeyAnswer> answers = new ArrayList<>(outcomes.size());
        List<byte[]> ackDigests = new ArrayList<>();
        int complaints = 0;
        for (int index = 0; index < outcomes.size(); index++) {
            ReshareBatchRound2.Outcome outcome = outcomes.get(index);
            ReshareParameters parameters = batch.key(index);
            if (outcome.accepted()) {
                PendingReshare key = outcome.pending();
                records.put(KeyRecord.storeKey(parameters.userId(), parameters.keyId()),
                        PendingReshares.Stored.of(key, parameters.attempt()));
                ackDigests.add(key.ackDigest());
                answers.add(new ReshareBatchAnswer.KeyAnswer(index, WireFields.toHex(key.transcriptHash()), null));
            } else {
                complaints++;
                LOG.warn("reshare of key {} of user {} attempt {}: refused in a batch: {}", parameters.keyId(),
                        parameters.userId(), parameters.attempt(), outcome.abort().getMessage());
                answers.add(new ReshareBatchAnswer.KeyAnswer(index, null, NodeReshare.complaint(local.id(),
                        outcome.abort())));
            }
        }
        try {
            boolean written = records.isEmpty() || epoch.whileOpen(open.documentSha256(),
                    () -> pending.putAll(records, evidence));
            if (!written) {
                throw ApiProblemException.conflict("the proposal of epoch " + open.next().epoch()
                        + " was aborted during this delivery; nothing is stored");
            }
        } finally {
            records.values().forEach(stored -> stored.record().destroy());
        }
        meters.counter("sigil.reshare.acks").increment(ackDigests.size());
        meters.counter("sigil.reshare.complaints").increment(complaints);
        byte[] signature = local.identity().sign(ReshareBatchAck.digest(local.id(), committee, batch.digest(),
                ackDigests));
        return new ReshareBatchAnswer(local.id(), committee, answers, WireFields.toHex(signature));
    }

    /**
     * Keeps the signed answers of a tallied batch as the shared catch-up evidence of its keys
     * (keygen §3.7): each answer's batch signature is checked against the proposed registry (one
     * that does not verify, or names another node or committee, is left out); the batch is rebuilt
     * from this node's own proposal, so its digest and session ids are this node's.
     */
    public ReshareAcksKept keepAcks(ReshareBatchAcks acks) {
        NodeEpoch.OpenProposal open = reshare.requireOpen();
        DkgDirectory newNodes = reshare.proposedNodes(open);
        reshare.requireNewSigningNode(newNodes, open);
        if (acks.session() == null) {
            throw ApiProblemException.badRequest("session is required");
        }
        ReshareBatch batch = batch(acks.session(), open, new PointCache());
        ReshareBatchEvidence kept = ReshareEvidenceKept.perBatch(batch, newNodes, acks.answers());
        byte[] json = Json.writeBytes(kept);
        boolean written = epoch.whileOpen(open.documentSha256(), () -> pending.putBatch(batch.digest(), json));
        if (!written) {
            throw ApiProblemException.conflict("the proposal of epoch " + open.next().epoch() + " was aborted");
        }
        return new ReshareAcksKept(local.id(), kept.batch(), kept.acks().size());
    }

    /** The library batch from the manager's session and this node's own proposal; {@code t'} is checked per key. */
    private ReshareBatch batch(ReshareBatchSession session, NodeEpoch.OpenProposal open, PointCache points) {
        try {
            WireFields.boundedList("keys", session.keys(), 1, ReshareBatch.MAX_KEYS);
            List<ReshareParameters> keys = new ArrayList<>(session.keys().size());
            for (int index = 0; index < session.keys().size(); index++) {
                keys.add(reshare.parameters(session.session(index), open, points));
            }
            return new ReshareBatch(keys);
        } catch (IllegalArgumentException malformed) {
            throw ApiProblemException.badRequest("batch: " + malformed.getMessage());
        }
    }
}
