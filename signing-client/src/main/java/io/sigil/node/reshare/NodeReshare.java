package io.sigil.node.reshare;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigil.crypto.dkg.DkgAbort;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.feldman.KeyShard;
import io.sigil.crypto.hd.LegacyChainCode;
import io.sigil.crypto.reshare.EpochReady;
import io.sigil.crypto.reshare.KeyPublicRecord;
import io.sigil.crypto.reshare.PendingReshare;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.crypto.reshare.ReshareRound1;
import io.sigil.crypto.reshare.ReshareRound2;
import io.sigil.node.epoch.NodeEpoch;
import io.sigil.node.faults.FaultInjection;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.registry.Registry;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFields;
import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.keygen.DkgComplaint;
import io.sigil.wire.keygen.DkgDeliveryAnswer;
import io.sigil.wire.reshare.ReshareContribution;
import io.sigil.wire.reshare.ReshareDelivery;
import io.sigil.wire.reshare.ReshareMessages;
import io.sigil.wire.reshare.ReshareSession;
import io.sigil.wire.reshare.SignedReady;
import io.sigil.wire.reshare.PrepareRequest;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreEntry;
import io.sigil.wire.reshare.KeyList;
import io.sigil.wire.reshare.PointCache;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of the reshare step of an epoch change (docs/keygen.md §3.2 steps 2–3,
 * §3.3–3.4). Network, epochs, approval digest and the registry of {@code e+1} come from the
 * proposal this node accepted itself ({@link NodeEpoch#openProposal}); the manager only names the
 * key, the party and the attempt. As contributor of old committee {@code i} it deals its shard of
 * one key; as a signing node of {@code e+1} (joining nodes included) it runs every check of §3.4
 * through the library, stores the result {@code PENDING} durably and acknowledges it, or complains
 * naming the culprit; {@code prepare} signs {@code EpochReady} over its pending set.
 */
@Singleton
public final class NodeReshare {
    private static final Logger LOG = LoggerFactory.getLogger(NodeReshare.class);

    private final LocalNode local;
    private final NodeEpoch epoch;
    private final KeyRegistrations registrations;
    private final PendingReshares pending;
    private final EncryptedStore store;
    private final FaultInjection faults;
    private final MeterRegistry meters;
    /** The running registry's signing nodes with their parsed keys, rebuilt when an epoch change commits. */
    private final java.util.function.Supplier<DkgDirectory> runningNodes;
    private final SecureRandom random = new SecureRandom();
    /** The proposed registry's directory, by the proposal's document hash: parsed once per proposal, not per call. */
    private volatile ProposedNodes proposedNodes;

    private record ProposedNodes(String documentSha256, DkgDirectory nodes) {
    }

    NodeReshare(LocalNode local, NodeEpoch epoch, KeyRegistrations registrations, NodeStore store,
                FaultInjection faults, MeterRegistry meters) {
        this.local = local;
        this.epoch = epoch;
        this.registrations = registrations;
        this.pending = new PendingReshares(store.store());
        this.store = store.store();
        this.faults = faults;
        this.meters = meters;
        this.runningNodes = local.derived(DkgDirectory::of);
    }

    /** The running registry's signing nodes ({@code e}). */
    DkgDirectory runningNodes() {
        return runningNodes.get();
    }

    /** The signing nodes of the open proposal's registry ({@code e+1}), parsed once per proposal. */
    DkgDirectory proposedNodes(NodeEpoch.OpenProposal open) {
        ProposedNodes known = proposedNodes;
        if (known == null || !known.documentSha256().equals(open.documentSha256())) {
            known = new ProposedNodes(open.documentSha256(), DkgDirectory.of(open.next()));
            proposedNodes = known;
        }
        return known.nodes();
    }

    /** §3.3: as the node of old committee {@code i ∈ P}, deal this node's shard of the session's key. */
    public ReshareContribution contribute(ReshareSession session) {
        NodeEpoch.OpenProposal open = requireOpen();
        ReshareParameters parameters = parameters(session, open);
        if (local.joining() || local.registry().node(local.id()).isEmpty()) {
            throw ApiProblemException.forbidden("node " + local.id() + " holds no shard of epoch "
                    + local.registry().epoch());
        }
        int committee = registrations.committee();
        if (!local.id().equals(parameters.contributors().get(committee))) {
            throw ApiProblemException.forbidden("node " + local.id() + " is not the contributor of committee "
                    + committee + " in this attempt");
        }
        KeyRecord held = registrations.find(parameters.userId(), parameters.keyId()).orElseThrow(() ->
                ApiProblemException.notFound("node " + local.id() + " holds no key " + parameters.keyId()
                        + " of user " + parameters.userId()));
        try {
            KeyPublicRecord record = publicRecord(parameters, held);
            ReshareRound1.Message message = faults.reshareMessage(ReshareRound1.contribute(parameters, committee,
                    record, new KeyShard(committee, held.share()), proposedNodes(open), random));
            byte[] signature = local.identity().sign(message.signedBytes(parameters.sessionId()));
            meters.counter("sigil.reshare.contributions").increment();
            return ReshareContribution.of(local.id(), message, signature);
        } catch (DkgAbort abort) {
            throw ApiProblemException.unprocessable("reshare-refused", "Reshare contribution refused", abort.getMessage());
        } finally {
            held.destroy();
        }
    }

    /** §3.4: every check, then the PENDING record of {@code e+1} and a signed ack; a refusal is a complaint. */
    public DkgDeliveryAnswer deliver(ReshareDelivery delivery) {
        NodeEpoch.OpenProposal open = requireOpen();
        DkgDirectory newNodes = proposedNodes(open);
        requireNewSigningNode(newNodes, open);
        if (delivery.session() == null) {
            throw ApiProblemException.badRequest("session is required");
        }
        ReshareParameters parameters = parameters(delivery.session(), open);
        PendingReshare key;
        try {
            var messages = ReshareMessages.contributions(parameters, runningNodes.get(), delivery.contributions(), false);
            key = ReshareRound2.receive(parameters, runningNodes.get(), newNodes, local.id(), messages,
                    local.identity()::decrypt);
        } catch (DkgAbort abort) {
            meters.counter("sigil.reshare.complaints").increment();
            LOG.warn("reshare of key {} of user {} attempt {}: refused the delivery: {}", parameters.keyId(),
                    parameters.userId(), parameters.attempt(), abort.getMessage());
            return DkgDeliveryAnswer.complained(complaint(local.id(), abort));
        }
        try {
            PendingReshares.Stored stored = PendingReshares.Stored.of(key, parameters.attempt());
            boolean written = epoch.whileOpen(open.documentSha256(),
                    () -> pending.put(parameters.userId(), parameters.keyId(), stored));
            stored.record().destroy();
            if (!written) {
                throw ApiProblemException.conflict("the proposal of epoch " + open.next().epoch()
                        + " was aborted during this delivery; nothing is stored");
            }
            meters.counter("sigil.reshare.acks").increment();
            return DkgDeliveryAnswer.acknowledged(DkgAck.of(key.acknowledge(local.identity()::sign)));
        } finally {
            key.destroy();
        }
    }

    /** The public record of a key this node holds, as a contributor sends it (§3.3). */
    static KeyPublicRecord publicRecord(ReshareParameters parameters, KeyRecord held) {
        byte[] chainCode = held.chainCode().orElseGet(() -> LegacyChainCode.of(parameters.userId(),
                parameters.keyId(), held.publicKey()));
        return new KeyPublicRecord(parameters.userId(), parameters.keyId(), held.accountKey().toBytes(),
                held.threshold(), held.commitments(), chainCode);
    }

    /** The ack's or complaint's wire form of a refusal. */
    static DkgComplaint complaint(String nodeId, DkgAbort abort) {
        return new DkgComplaint(nodeId, abort.failure().getClass().getSimpleName(), List.copyOf(abort.culprits()),
                abort.managerAtFault(), abort.getMessage());
    }

    /**
     * §3.2 step 3: sign {@code ready} over {@code K} and {@code K'} of this node's pending set; in an
     * add-replicas change (§3.8) over its ACTIVE keys, which the change carries, or, on a replica new
     * in {@code e+1} that holds none, over the sets the manager names ({@link PrepareRequest}).
     */
    public SignedReady prepare(PrepareRequest request) {
        NodeEpoch.OpenProposal open = requireOpen();
        DkgDirectory newNodes = proposedNodes(open);
        int committee = requireNewSigningNode(newNodes, open);
        if (io.sigil.registry.governance.ReplicaOnlyChange.between(local.registry(), open.next())) {
            return prepareCarried(open, committee, request);
        }
        Map<String, EpochReady.KeyEntry> keys = new TreeMap<>();
        pending.forEach((name, stored) -> {
            if (stored.epoch() == open.next().epoch()) {
                keys.put(name, new EpochReady.KeyEntry(stored.record().publicKey(), stored.transcriptHash()));
            }
        });
        byte[][] sets = EpochReady.keySets(keys);
        byte[] ready = EpochReady.digest(local.registry().networkId(), open.next().epoch(), sets[0], sets[1]);
        return new SignedReady(local.id(), committee, open.next().epoch(), keys.size(), WireFields.toHex(sets[0]),
                WireFields.toHex(sets[1]), WireFields.toHex(local.identity().sign(ready)));
    }

    private SignedReady prepareCarried(NodeEpoch.OpenProposal open, int committee, PrepareRequest request) {
        byte[] keySet;
        byte[] newKeySet;
        long keys;
        if (!local.joining() && local.registry().node(local.id()).isPresent()) {
            io.sigil.node.epoch.CarriedKeys.Sets sets = io.sigil.node.epoch.CarriedKeys.of(store);
            keySet = sets.keySet();
            newKeySet = sets.newKeySet();
            keys = sets.keys();
        } else {
            if (request == null || request.keySet() == null || request.newKeySet() == null || request.keys() == null) {
                throw ApiProblemException.badRequest("node " + local.id() + " is new in epoch " + open.next().epoch()
                        + " of an add-replicas change: prepare must name keySet, newKeySet and keys");
            }
            try {
                keySet = WireFields.hex("keySet", request.keySet(), 32);
                newKeySet = WireFields.hex("newKeySet", request.newKeySet(), 32);
            } catch (IllegalArgumentException malformed) {
                throw ApiProblemException.badRequest(malformed.getMessage());
            }
            keys = request.keys();
        }
        byte[] ready = EpochReady.digest(local.registry().networkId(), open.next().epoch(), keySet, newKeySet);
        return new SignedReady(local.id(), committee, open.next().epoch(), keys, WireFields.toHex(keySet),
                WireFields.toHex(newKeySet), WireFields.toHex(local.identity().sign(ready)));
    }

    /** One page of this node's ACTIVE keys (public parts), for the manager's reshare driver. */
    public KeyList keys(KeyList.Request request) {
        int limit = Math.max(1, Math.min(request.limit(), KeyList.MAX_LIMIT));
        byte[] after = request.after() == null ? new byte[0] : request.after().getBytes(StandardCharsets.UTF_8);
        List<KeyList.Entry> keys = new ArrayList<>();
        List<StoreEntry> page = store.scanAfter(NodeStore.KEYS, after, limit);
        String last = null;
        for (StoreEntry entry : page) {
            byte[] value = entry.value();
            KeyRecord.Summary summary = KeyRecord.summary(value);
            java.util.Arrays.fill(value, (byte) 0);
            last = new String(entry.key(), StandardCharsets.UTF_8);
            String[] name = last.split("/", 2);
            keys.add(new KeyList.Entry(name[0], name[1], WireFields.toHex(summary.publicKey()), summary.threshold()));
        }
        return new KeyList(local.id(), keys, page.size() == limit ? last : null);
    }

    NodeEpoch.OpenProposal requireOpen() {
        return epoch.openProposal().orElseThrow(() -> ApiProblemException.conflict("no epoch change is open on node "
                + local.id()));
    }

    int requireNewSigningNode(DkgDirectory newNodes, NodeEpoch.OpenProposal open) {
        return newNodes.member(local.id()).orElseThrow(() -> ApiProblemException.forbidden("node " + local.id()
                + " is not a signing node of epoch " + open.next().epoch())).committee();
    }

    /**
     * The library parameters from the manager's session and this node's own proposal. {@code t'}
     * is recomputed here (docs/keygen.md §3.1: a key at the running default moves to the next
     * default, any other keeps its own), so the manager cannot change a key's threshold.
     */
    ReshareParameters parameters(ReshareSession session, NodeEpoch.OpenProposal open) {
        return parameters(session, open, new PointCache());
    }

    /** The same, decoding the session's public key through a batch's {@link PointCache}. */
    ReshareParameters parameters(ReshareSession session, NodeEpoch.OpenProposal open, PointCache points) {
        Registry current = local.registry();
        Registry next = open.next();
        int expectedNew = session.oldThreshold() == current.threshold() ? next.threshold() : session.oldThreshold();
        if (session.newThreshold() != expectedNew) {
            throw ApiProblemException.badRequest("session: t' = " + session.newThreshold() + " but a key of threshold "
                    + session.oldThreshold() + " moves to " + expectedNew + " in epoch " + next.epoch());
        }
        try {
            return session.parameters(current.networkId(), current.epoch(),
                    HexFormat.of().parseHex(open.documentSha256()), next.committeeCount(), points);
        } catch (IllegalArgumentException malformed) {
            throw ApiProblemException.badRequest("session: " + malformed.getMessage());
        }
    }
}
