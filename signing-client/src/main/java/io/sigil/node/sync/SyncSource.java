package io.sigil.node.sync;

import io.sigil.crypto.ec.Scalar;
import io.sigil.identity.PeerKeys;
import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreEntry;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.Tombstone;
import io.sigil.registry.NodeEntry;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sync.KeyEvidence;
import io.sigil.wire.sync.ReshareBatchEvidence;
import io.sigil.wire.sync.SyncBatch;
import io.sigil.wire.sync.SyncRequest;
import io.sigil.wire.sync.SyncShareBinding;
import io.sigil.wire.sync.SyncedKey;
import io.sigil.wire.sync.SyncedTombstone;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answering side of replica catch-up (keygen §3.7): one page of this node's ACTIVE keys and
 * tombstones after the requester's cursor, in store-key order, each key with its public record,
 * its evidence and its shard HPKE-sealed to the requester under
 * {@code H("sync-share"; networkId, u64(epoch), userId, keyId, N_from, N_to)}, and once per page the
 * shared evidence of every reshare batch its reshared keys name. Only another
 * registered signing node of this node's own committee may ask ({@link #requireReplica}): it
 * receives nothing it does not already hold by right, since all replicas of a committee hold the
 * same shard.
 */
@Singleton
final class SyncSource {
    /**
     * A page stops growing past this many bytes of JSON (at least one entry is always sent), well
     * under the requester's answer limit ({@code SignedNodeClient.MAX_ANSWER_BYTES}, 1 MiB): a
     * network key's evidence grows with the number of signing nodes.
     */
    static final int MAX_PAGE_BYTES = 512 * 1024;

    private final LocalNode local;
    private final EncryptedStore store;

    SyncSource(LocalNode local, NodeStore store) {
        this.local = local;
        this.store = store.store();
    }

    /**
     * Refuses (403, {@code sync-refused}) a sender that is not another signing replica of this
     * committee; for tombstones alone, any other signing node of the running registry may ask.
     */
    void requireReplica(NodeEntry sender, boolean tombstonesOnly) {
        int committee = local.entry().committee().orElseThrow();
        boolean signingNode = local.registry().node(sender.id()).flatMap(NodeEntry::committee).isPresent();
        if (tombstonesOnly && signingNode && !sender.id().equals(local.id())) {
            return;
        }
        if (sender.id().equals(local.id()) || !sender.inCommittee(committee)) {
            throw new ApiProblemException(HttpStatus.FORBIDDEN, "sync-refused", "Not a replica of this committee",
                    "node " + sender.id() + " is not another signing replica of committee " + committee
                            + " in epoch " + local.registry().epoch() + "; only those may read its shards");
        }
    }

    SyncBatch page(NodeEntry requester, SyncRequest request) {
        try {
            NetworkBinding.of(local.registry()).require(request.networkId(), request.epoch());
        } catch (WireFormatException otherNetwork) {
            throw new ApiProblemException(HttpStatus.FORBIDDEN, "sync-refused", "Another network or epoch",
                    otherNetwork.getMessage());
        }
        if (request.limit() < 1) {
            throw ApiProblemException.badRequest("limit must be at least 1");
        }
        String cursor = request.cursor() == null ? "" : request.cursor();
        if (cursor.length() > SyncRequest.MAX_CURSOR_LENGTH) {
            throw ApiProblemException.badRequest("cursor is longer than " + SyncRequest.MAX_CURSOR_LENGTH + " characters");
        }
        int limit = Math.min(request.limit(), SyncRequest.MAX_LIMIT);
        byte[] after = cursor.getBytes(StandardCharsets.UTF_8);
        List<StoreEntry> keys = request.onlyTombstones() ? List.of() : store.scanAfter(NodeStore.KEYS, after, limit);
        List<StoreEntry> tombstones = store.scanAfter(NodeStore.DELETED_KEYS, after, limit);
        List<SyncedKey> syncedKeys = new ArrayList<>();
        List<SyncedTombstone> syncedTombstones = new ArrayList<>();
        Map<String, ReshareBatchEvidence> batches = new LinkedHashMap<>();
        int keyIndex = 0;
        int tombstoneIndex = 0;
        byte[] last = null;
        int bytes = 0;
        try {
            // merge the two ordered namespaces into one order of store keys, up to the limit and the size
            while (keyIndex + tombstoneIndex < limit && bytes < MAX_PAGE_BYTES
                    && (keyIndex < keys.size() || tombstoneIndex < tombstones.size())) {
                boolean takeKey = tombstoneIndex >= tombstones.size() || (keyIndex < keys.size()
                        && Arrays.compareUnsigned(keys.get(keyIndex).key(), tombstones.get(tombstoneIndex).key()) < 0);
                if (takeKey) {
                    StoreEntry entry = keys.get(keyIndex++);
                    SyncedKey synced = synced(requester, entry, batches);
                    bytes += Json.writeBytes(synced).length;
                    String batch = synced.evidence() == null || synced.evidence().reshare() == null ? null
                            : synced.evidence().reshare().batch();
                    if (batch != null && !batches.containsKey(batch)) {
                        ReshareBatchEvidence shared = reshareBatch(batch).orElseThrow();
                        bytes += Json.writeBytes(shared).length;
                        batches.put(batch, shared);
                    }
                    syncedKeys.add(synced);
                    last = entry.key();
                } else {
                    StoreEntry entry = tombstones.get(tombstoneIndex++);
                    SyncedTombstone synced = synced(entry);
                    bytes += Json.writeBytes(synced).length;
                    syncedTombstones.add(synced);
                    last = entry.key();
                }
            }
        } finally {
            keys.forEach(entry -> Arrays.fill(entry.value(), (byte) 0));
        }
        boolean more = keyIndex + tombstoneIndex == limit || keyIndex < keys.size() || tombstoneIndex < tombstones.size();
        String next = more ? new String(last, StandardCharsets.UTF_8) : null;
        // counting reads every key, so only the first page carries the total (-1 after it: unchanged)
        long total = !cursor.isEmpty() ? -1 : store.count(NodeStore.DELETED_KEYS)
                + (request.onlyTombstones() ? 0 : store.count(NodeStore.KEYS));
        return new SyncBatch(local.id(), local.entry().committee().orElseThrow(), total, syncedKeys, syncedTombstones,
                next, List.copyOf(batches.values()));
    }

    /** The shared evidence of a reshare batch this node keeps ({@code reshare-evidence}). */
    private Optional<ReshareBatchEvidence> reshareBatch(String digest) {
        return store.get(NodeStore.RESHARE_EVIDENCE, WireFields.hex("batch", digest, 32))
                .map(bytes -> Json.read(bytes, ReshareBatchEvidence.class));
    }

    private SyncedKey synced(NodeEntry requester, StoreEntry entry, Map<String, ReshareBatchEvidence> batches) {
        String[] ids = new String(entry.key(), StandardCharsets.UTF_8).split("/", 2);
        KeyRecord record = KeyRecord.decode(entry.value());
        try {
            Optional<KeyEvidence> kept = store.get(NodeStore.KEY_EVIDENCE, entry.key())
                    .map(bytes -> Json.read(bytes, KeyEvidence.class));
            // a dealt key registered with a chain code stores one too (docs/keygen.md §4.1): its bundle
            // names it dealt; without evidence a stored chain code still means a network key
            String origin = kept.map(KeyEvidence::bundle).isPresent() || record.chainCode().isEmpty()
                    ? SyncedKey.DEALT : SyncedKey.NETWORK;
            // a network key activated before what T is computed from was kept binds only (T, PK), and a
            // reshared key whose batch acks are not here is vouched for by nothing: each is served
            // without evidence (and without its shard), as a record older than evidence is
            Optional<KeyEvidence> evidence = kept
                    .filter(held -> held.checkable(origin))
                    .filter(held -> held.reshare() == null || batches.containsKey(held.reshare().batch())
                            || reshareBatch(held.reshare().batch()).isPresent());
            List<String> commitments = record.commitments().coefficients().stream().map(WireFields::pointHex).toList();
            String sealed = evidence.isEmpty() ? null : seal(requester, ids[0], ids[1], record.share());
            return new SyncedKey(ids[0], ids[1], origin, WireFields.toHex(record.accountKey().toBytes()),
                    record.threshold(), commitments, record.chainCode().map(WireFields::toHex).orElse(null),
                    evidence.orElse(null), sealed);
        } finally {
            record.destroy();
        }
    }

    private String seal(NodeEntry requester, String userId, String keyId, Scalar share) {
        byte[] plaintext = share.toBytes();
        try {
            byte[] info = SyncShareBinding.contextInfo(local.registry().networkId(), local.registry().epoch(), userId,
                    keyId, local.id(), requester.id());
            return WireFields.toBase64(PeerKeys.of(requester).encrypt(plaintext, info));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private static SyncedTombstone synced(StoreEntry entry) {
        String[] ids = new String(entry.key(), StandardCharsets.UTF_8).split("/", 2);
        Tombstone tombstone = Tombstone.decode(entry.value());
        return new SyncedTombstone(ids[0], ids[1], WireFields.toHex(tombstone.accountKey().toBytes()),
                tombstone.publicKey().map(WireFields::pointHex).orElse(null), tombstone.deletion().orElse(null));
    }
}
