/**
 * Replica catch-up (keygen §3.7): a signing node that missed keys (down during an activation or a
 * dealt key's registration, restored from an older backup) fetches them, with their evidence and
 * its shard sealed to it, from the other replicas of its own committee, checks everything itself
 * and stores them ACTIVE; deletions travel as tombstones with the user's signed request.
 * {@link io.sigil.node.sync.SyncSource} answers, {@link io.sigil.node.sync.ReplicaSync} asks,
 * {@link io.sigil.node.sync.SyncCheck} checks a page and {@link io.sigil.node.sync.SyncWriter}
 * writes it.
 */
package io.sigil.node.sync;
