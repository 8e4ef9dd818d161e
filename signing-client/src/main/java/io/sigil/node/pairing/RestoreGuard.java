package io.sigil.node.pairing;

import io.micronaut.context.annotation.Context;
import jakarta.inject.Inject;
import io.sigil.crypto.hash.Encoding;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.kvdb.StoreEntry;
import io.sigil.node.store.NodeStore;
import io.sigil.node.store.StoreWatermark;
import io.sigil.wire.sign.SignRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spec §1.5: the used-{@code sign_sid} log and the pair states must be restored together, and
 * after a restore every pair must be set up again, because a restore forgets the sessions run
 * since the backup and so re-opens their replay. At start-up this compares the store with its
 * {@link StoreWatermark}: a store whose sequence number went back (or one holding pair or session
 * state with no watermark at all) was restored. Then every pair is reset (set up again at next
 * need, by both sides: the peer learns of it through {@code /renew} or a {@code PairOutOfSync}
 * session), and the node refuses every request expiring before now + the longest request
 * lifetime + the node-request clock skew: any request issued before the restore may have been
 * run in the forgotten interval. The end of that window is kept in the store, so a restart inside
 * it keeps refusing.
 */
@Context
public final class RestoreGuard {
    static final long SKEW_SECONDS = 60;
    private static final byte[] REFUSE_UNTIL = "restore/refuse-until".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CATCH_UP_PENDING = "restore/catch-up-pending".getBytes(StandardCharsets.UTF_8);
    private static final Logger LOG = LoggerFactory.getLogger(RestoreGuard.class);

    private final EncryptedStore store;
    private final StoreWatermark watermark;
    private final Clock clock;
    private volatile long refuseExpiringBefore;
    private final boolean restoredAtStart;
    private volatile boolean catchUpPending;

    @Inject
    RestoreGuard(NodeStore nodeStore, StoreWatermark watermark, StoredPairStates pairs) {
        this(nodeStore, watermark, pairs, Clock.systemUTC());
    }

    RestoreGuard(NodeStore nodeStore, StoreWatermark watermark, StoredPairStates pairs, Clock clock) {
        this.store = nodeStore.store();
        this.watermark = watermark;
        this.clock = clock;
        this.refuseExpiringBefore = store.get(NodeStore.META, REFUSE_UNTIL).map(bytes -> ByteBuffer.wrap(bytes).getLong())
                .orElse(0L);
        this.restoredAtStart = wasRestored();
        if (restoredAtStart) {
            long until = clock.instant().getEpochSecond() + SignRequest.MAX_LIFETIME_SECONDS + SKEW_SECONDS;
            store.put(NodeStore.META, REFUSE_UNTIL, Encoding.u64(until)); // first: a crash below keeps refusing
            // kept until a catch-up run reads every replica: a start that dies after this check
            // (a port still taken, a crash) has already moved the mark, and its next start must
            // still catch up as after a restore
            store.put(NodeStore.META, CATCH_UP_PENDING, Encoding.u64(clock.instant().getEpochSecond()));
            refuseExpiringBefore = until;
            int reset = 0;
            for (String peer : pairs.peers()) {
                pairs.retire(peer, "the node's store was restored"); // active pairs only: a ban stays a ban
                reset++;
            }
            LOG.warn("the store went back to an older state (restored from a backup?): {} pair(s) set for a new setup, "
                    + "requests expiring before {} refused", reset, Instant.ofEpochSecond(until));
        }
        this.catchUpPending = restoredAtStart || store.get(NodeStore.META, CATCH_UP_PENDING).isPresent();
        watermark.advance();
    }

    private boolean wasRestored() {
        Optional<Boolean> wentBack = watermark.wentBackSinceLastRun();
        if (wentBack.isPresent()) {
            return wentBack.get();
        }
        // no mark: a fresh node, or one whose mark is gone; with replay-relevant state it counts as restored
        return holdsAny(NodeStore.PAIRS) || holdsAny(NodeStore.USED_SESSIONS);
    }

    private boolean holdsAny(Namespace namespace) {
        List<StoreEntry> first = store.scan(namespace, new byte[0], 1);
        first.forEach(entry -> Arrays.fill(entry.value(), (byte) 0));
        return !first.isEmpty();
    }

    /**
     * Whether a restore was found (at this start or an earlier one) and no catch-up run has read
     * every replica since: replica catch-up (keygen §3.7) then reports its start-time run as one
     * after a restore.
     */
    public boolean catchUpAfterRestorePending() {
        return catchUpPending;
    }

    /** A catch-up run after a restore read every replica: the next start is an ordinary one. */
    public void catchUpAfterRestoreDone() {
        store.delete(NodeStore.META, CATCH_UP_PENDING);
        catchUpPending = false;
    }

    /** Requests expiring before this (epoch seconds) are refused: they may predate a restore. 0 when none. */
    public long refuseExpiringBefore() {
        return refuseExpiringBefore > clock.instant().getEpochSecond() ? refuseExpiringBefore : 0;
    }
}
