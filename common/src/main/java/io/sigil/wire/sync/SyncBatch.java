package io.sigil.wire.sync;

import java.util.List;

/**
 * One page of a replica's answer to {@link SyncRequest} (keygen §3.7): the keys and tombstones
 * whose store keys ({@code userId/keyId}) follow the request's cursor, in ascending order of that
 * key, and the cursor of the next page ({@code null}: this was the last). {@code total} is how many
 * keys and tombstones the answering node holds, for the requester's progress only, on the first
 * page (empty cursor); later pages carry -1 (counting reads every key). {@code reshareBatches} holds,
 * once each, the shared evidence of the reshare batches the page's reshared keys name
 * ({@link ReshareKeyEvidence#batch()}).
 */
public record SyncBatch(String nodeId, int committee, long total, List<SyncedKey> keys, List<SyncedTombstone> tombstones,
                        String nextCursor, List<ReshareBatchEvidence> reshareBatches) {
    public SyncBatch {
        keys = keys == null ? List.of() : List.copyOf(keys);
        tombstones = tombstones == null ? List.of() : List.copyOf(tombstones);
        reshareBatches = reshareBatches == null ? List.of() : List.copyOf(reshareBatches);
    }

    /** A page without reshared keys. */
    public SyncBatch(String nodeId, int committee, long total, List<SyncedKey> keys, List<SyncedTombstone> tombstones,
                     String nextCursor) {
        this(nodeId, committee, total, keys, tombstones, nextCursor, List.of());
    }
}
