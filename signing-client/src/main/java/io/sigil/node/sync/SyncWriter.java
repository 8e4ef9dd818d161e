package io.sigil.node.sync;

import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreBatch;
import io.sigil.node.store.NodeStore;
import io.sigil.node.sync.SyncRefusedException.Reason;
import io.sigil.node.user.KeyLocks;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.Tombstone;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Writes one checked page of catch-up (keygen §3.7) against this node's own store, in ONE store
 * batch together with the peer's cursor, so a crash leaves either the whole page and its cursor
 * or neither, and the next run resumes at the cursor. Runs under the locks of every key of the
 * page ({@link KeyLocks}, shared with new_user and delete_user), so a synced key cannot land after
 * a delete. Rules: a tombstone wins (a key this node deleted is never brought back); a key it
 * already holds must be the same record (else the page is refused naming the replica); a key it
 * holds is deleted only by a tombstone whose user-signed deletion names that key's account key
 * and public key.
 */
@Singleton
final class SyncWriter {
    private static final String CURSOR_PREFIX = "sync/cursor/";

    private final EncryptedStore store;
    private final KeyLocks locks;

    SyncWriter(NodeStore store, KeyLocks locks) {
        this.store = store.store();
        this.locks = locks;
    }

    /** What one page changed. */
    record Written(int keysStored, int keysAlreadyHeld, int tombstonesStored, int keysDeleted) {
    }

    /** The cursor a run with {@code peer} resumes from ("" for the start). */
    String cursor(String peer) {
        return store.get(NodeStore.META, cursorKey(peer)).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .orElse("");
    }

    Written write(String peer, SyncCheck.CheckedPage page) throws SyncRefusedException {
        List<byte[]> keys = new ArrayList<>();
        page.keys().forEach(key -> keys.add(KeyRecord.storeKey(key.userId(), key.keyId())));
        page.tombstones().forEach(tombstone -> keys.add(KeyRecord.storeKey(tombstone.userId(), tombstone.keyId())));
        Written[] written = new Written[1];
        SyncRefusedException[] refused = new SyncRefusedException[1];
        locks.holdingAll(keys, () -> {
            try {
                written[0] = writeLocked(peer, page);
            } catch (SyncRefusedException refusal) {
                refused[0] = refusal;
            }
            return null;
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return written[0];
    }

    private Written writeLocked(String peer, SyncCheck.CheckedPage page) throws SyncRefusedException {
        StoreBatch batch = store.batch();
        int stored = 0;
        int alreadyHeld = 0;
        int tombstonesStored = 0;
        int deleted = 0;
        List<byte[]> toWipe = new ArrayList<>();
        java.util.Set<String> usedBatches = new java.util.HashSet<>();
        try {
            for (SyncCheck.CheckedKey key : page.keys()) {
                byte[] storeKey = KeyRecord.storeKey(key.userId(), key.keyId());
                if (store.get(NodeStore.DELETED_KEYS, storeKey).isPresent()) {
                    continue; // a tombstone wins: this node deleted the key, it stays deleted
                }
                Optional<KeyRecord> held = find(storeKey);
                if (held.isPresent()) {
                    boolean same = sameRecord(held.get(), key.record());
                    held.get().destroy();
                    if (!same) {
                        throw new SyncRefusedException(peer, Reason.CONFLICT, "key " + key.keyId() + " of user "
                                + key.userId() + " differs from the record this node holds; nothing was changed");
                    }
                    if (store.get(NodeStore.KEY_EVIDENCE, storeKey).isEmpty()) {
                        batch.put(NodeStore.KEY_EVIDENCE, storeKey, key.evidence()); // a record kept before evidence was
                        usedBatches.add(reshareBatch(key));
                    }
                    alreadyHeld++;
                    continue;
                }
                byte[] encoded = key.record().encode();
                toWipe.add(encoded);
                batch.put(NodeStore.KEYS, storeKey, encoded).put(NodeStore.KEY_EVIDENCE, storeKey, key.evidence());
                stored++;
                usedBatches.add(reshareBatch(key));
            }
            for (SyncCheck.CheckedTombstone tombstone : page.tombstones()) {
                byte[] storeKey = KeyRecord.storeKey(tombstone.userId(), tombstone.keyId());
                if (store.get(NodeStore.DELETED_KEYS, storeKey).isPresent()) {
                    continue;
                }
                Optional<KeyRecord> held = find(storeKey);
                if (held.isPresent()) {
                    KeyRecord record = held.get();
                    record.destroy();
                    boolean sameKey = record.accountKey().equals(tombstone.tombstone().accountKey())
                            && tombstone.tombstone().publicKey().map(record.publicKey()::equals).orElse(false);
                    if (!sameKey) {
                        throw new SyncRefusedException(peer, Reason.FORGED_DELETION, "tombstone of key "
                                + tombstone.keyId() + " of user " + tombstone.userId()
                                + " names another account or public key than the key this node holds");
                    }
                    batch.delete(NodeStore.KEYS, storeKey).delete(NodeStore.KEY_EVIDENCE, storeKey);
                    deleted++;
                } else {
                    tombstonesStored++;
                }
                batch.put(NodeStore.DELETED_KEYS, storeKey, tombstone.tombstone().encode());
            }
            for (String digest : usedBatches) {
                // the shared evidence of the reshare batches the stored keys name, so this node can serve them too
                if (digest != null && page.reshareBatches().containsKey(digest)) {
                    batch.put(NodeStore.RESHARE_EVIDENCE, io.sigil.wire.WireFields.hex("batch", digest, 32),
                            page.reshareBatches().get(digest));
                }
            }
            if (page.nextCursor() == null) {
                batch.delete(NodeStore.META, cursorKey(peer)); // done: the next run reads the peer from the start
            } else {
                batch.put(NodeStore.META, cursorKey(peer), page.nextCursor().getBytes(StandardCharsets.UTF_8));
            }
            batch.commit();
            return new Written(stored, alreadyHeld, tombstonesStored, deleted);
        } finally {
            toWipe.forEach(bytes -> Arrays.fill(bytes, (byte) 0));
        }
    }

    /** The reshare batch a checked key's evidence names, or null. */
    private static String reshareBatch(SyncCheck.CheckedKey key) {
        var evidence = io.sigil.json.Json.read(key.evidence(), io.sigil.wire.sync.KeyEvidence.class);
        return evidence.reshare() == null ? null : evidence.reshare().batch();
    }

    private Optional<KeyRecord> find(byte[] storeKey) {
        return store.get(NodeStore.KEYS, storeKey).map(value -> {
            try {
                return KeyRecord.decode(value);
            } finally {
                Arrays.fill(value, (byte) 0);
            }
        });
    }

    /** Same public record: account key, threshold, commitments and chain code (the shard follows from Feldman). */
    private static boolean sameRecord(KeyRecord held, KeyRecord offered) {
        return held.accountKey().equals(offered.accountKey()) && held.threshold() == offered.threshold()
                && held.commitments().equals(offered.commitments())
                && Arrays.equals(held.chainCode().orElse(null), offered.chainCode().orElse(null));
    }

    private static byte[] cursorKey(String peer) {
        return (CURSOR_PREFIX + peer).getBytes(StandardCharsets.UTF_8);
    }
}
