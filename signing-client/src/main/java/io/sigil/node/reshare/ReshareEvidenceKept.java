package io.sigil.node.reshare;

import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.reshare.ReshareBatch;
import io.sigil.crypto.reshare.ReshareBatchRound1;
import io.sigil.crypto.reshare.ReshareBatchRound2;
import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreBatch;
import io.sigil.node.store.NodeStore;
import io.sigil.wire.sync.KeyEvidence;
import io.sigil.node.user.KeyRecord;
import io.sigil.wire.WireFields;
import io.sigil.wire.reshare.ReshareBatchAnswer;
import io.sigil.wire.reshare.ReshareBatchSession;
import io.sigil.wire.sync.ReshareBatchEvidence;
import io.sigil.wire.sync.ReshareKeyEvidence;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * What a node of {@code e+1} keeps of a batch so that, after the commit, a replica of its committee
 * that lacks a key can check it (keygen §3.7): per accepted key, at delivery, what {@code T'} is
 * computed from ({@link ReshareKeyEvidence}: the one-key session and every contributor's
 * {@code E_{i,*}}); per batch, when the manager shares the tallied answers, the session ids and the
 * batch acks whose signatures verify ({@link ReshareBatchEvidence}). Per-batch data is kept once,
 * not copied into every key.
 */
public final class ReshareEvidenceKept {
    private ReshareEvidenceKept() {
    }

    /**
     * At the commit, in its store batch (after the deletions of epoch {@code e}'s evidence): each
     * committed key's kept per-key evidence becomes its {@code key-evidence}, and each batch such a
     * key names moves to {@code reshare-evidence}. A key whose batch acks this node was never sent
     * gets no evidence (it signs; a replica that lacks it cannot fetch it from this node). Returns
     * how many keys got evidence.
     */
    public static int carry(EncryptedStore store, StoreBatch batch, Collection<String> committedKeys) {
        Set<String> batches = new HashSet<>();
        int carried = 0;
        for (String name : committedKeys) {
            byte[] storeKey = name.getBytes(StandardCharsets.UTF_8);
            Optional<byte[]> perKey = store.get(NodeStore.RESHARE_PENDING_EVIDENCE, storeKey);
            if (perKey.isEmpty()) {
                continue;
            }
            ReshareKeyEvidence evidence = Json.read(perKey.get(), ReshareKeyEvidence.class);
            byte[] digest = WireFields.hex("batch", evidence.batch(), 32);
            Optional<byte[]> shared = store.get(NodeStore.RESHARE_PENDING_BATCHES, digest);
            if (shared.isEmpty()) {
                continue;
            }
            if (batches.add(evidence.batch())) {
                batch.put(NodeStore.RESHARE_EVIDENCE, digest, shared.get());
            }
            batch.put(NodeStore.KEY_EVIDENCE, storeKey, Json.writeBytes(KeyEvidence.reshared(evidence)));
            carried++;
        }
        return carried;
    }

    /** The per-key evidence (JSON) of every key of the batch this node accepted, by store key. */
    static Map<byte[], byte[]> perKey(long oldEpoch, ReshareBatchSession session, ReshareBatch batch,
                                      SortedMap<Integer, ReshareBatchRound1.BatchMessage> messages,
                                      List<ReshareBatchRound2.Outcome> outcomes) {
        Map<byte[], byte[]> kept = new LinkedHashMap<>();
        String digest = WireFields.toHex(batch.digest());
        for (int index = 0; index < outcomes.size(); index++) {
            if (!outcomes.get(index).accepted()) {
                continue;
            }
            List<List<String>> contributions = new ArrayList<>();
            for (ReshareBatchRound1.BatchMessage message : messages.values()) {
                contributions.add(message.part(index).commitments().stream().map(WireFields::pointHex).toList());
            }
            ReshareKeyEvidence evidence = new ReshareKeyEvidence(oldEpoch, session.session(index), contributions, digest);
            kept.put(KeyRecord.storeKey(batch.key(index).userId(), batch.key(index).keyId()), Json.writeBytes(evidence));
        }
        return kept;
    }

    /** The batch's session ids and every answer whose batch signature verifies under the proposed registry. */
    static ReshareBatchEvidence perBatch(ReshareBatch batch, DkgDirectory newNodes, List<ReshareBatchAnswer> answers) {
        ByteArrayOutputStream sessionIds = new ByteArrayOutputStream();
        for (int index = 0; index < batch.size(); index++) {
            sessionIds.writeBytes(batch.sessionId(index));
        }
        List<ReshareBatchEvidence.Ack> acks = new ArrayList<>();
        for (ReshareBatchAnswer answer : answers) {
            ack(batch, newNodes, answer).ifPresent(acks::add);
        }
        return new ReshareBatchEvidence(WireFields.toHex(batch.digest()), WireFields.toBase64(sessionIds.toByteArray()),
                acks);
    }

    private static Optional<ReshareBatchEvidence.Ack> ack(ReshareBatch batch, DkgDirectory newNodes,
                                                          ReshareBatchAnswer answer) {
        var member = newNodes.member(String.valueOf(answer.nodeId()));
        if (member.isEmpty() || member.get().committee() != answer.committee()) {
            return Optional.empty();
        }
        ReshareBatchAnswer.Acknowledged acknowledged;
        try {
            acknowledged = answer.acknowledged(batch);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        if (acknowledged.ackDigests().isEmpty() || !answer.signedBy(member.get().keys(), batch, acknowledged)) {
            return Optional.empty();
        }
        ByteArrayOutputStream digests = new ByteArrayOutputStream();
        acknowledged.ackDigests().forEach(digests::writeBytes);
        return Optional.of(new ReshareBatchEvidence.Ack(answer.nodeId(), answer.committee(),
                WireFields.toBase64(digests.toByteArray()), answer.signature()));
    }
}
