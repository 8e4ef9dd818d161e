package io.sigil.node.pairing;

import io.sigil.crypto.dkls23.UsedSessionLog;
import io.sigil.crypto.hash.Encoding;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.PutResult;
import io.sigil.node.store.NodeStore;
import io.sigil.node.store.StoreWatermark;
import jakarta.inject.Singleton;
import io.sigil.kvdb.StorePurge;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The persistent used-{@code sign_sid} log of spec §1.5, in the same store as the pair states (so
 * they are backed up and restored together). {@link #markUsed} is one atomic compare-and-put:
 * two sessions racing on one id cannot both get {@code true}.
 */
@Singleton
public final class StoredSessionLog implements UsedSessionLog {
    private final EncryptedStore store;
    private final StoreWatermark watermark;

    StoredSessionLog(NodeStore store, StoreWatermark watermark) {
        this.store = store.store();
        this.watermark = watermark;
    }

    @Override
    public boolean markUsed(byte[] signSid, long expiryUnixSeconds) {
        boolean stored = store.compareAndPut(NodeStore.USED_SESSIONS, signSid.clone(), Encoding.u64(expiryUnixSeconds))
                == PutResult.STORED;
        if (stored) {
            // a restore that forgets this entry must be noticed (RestoreGuard); sessions stored
            // together share one sync of the mark
            watermark.cover(store.sequenceNumber());
        }
        return stored;
    }

    /**
     * Deletes the entries whose expiry (plus {@link RestoreGuard#SKEW_SECONDS}) has passed at
     * {@code now}: such a session is refused as expired before the log is consulted, so the entry
     * guards nothing any more (spec §1.5 keeps it "until expiry plus clock skew").
     *
     * @return how many entries were deleted
     */
    public int purgeExpired(Instant now) {
        long cutoff = now.getEpochSecond() - RestoreGuard.SKEW_SECONDS;
        return StorePurge.deleteWhere(store, NodeStore.USED_SESSIONS,
                value -> ByteBuffer.wrap(value).getLong() < cutoff);
    }

    @Override
    public boolean contains(byte[] signSid) {
        return store.get(NodeStore.USED_SESSIONS, signSid.clone()).isPresent();
    }
}
