package io.sigil.node.pairing;

import io.sigil.crypto.dkls23.UsedSessionLog;
import io.sigil.crypto.hash.Encoding;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.PutResult;
import io.sigil.node.store.NodeStore;
import jakarta.inject.Singleton;

/**
 * The persistent used-{@code sign_sid} log of spec §1.5, in the same store as the pair states (so
 * they are backed up and restored together). {@link #markUsed} is one atomic compare-and-put:
 * two sessions racing on one id cannot both get {@code true}.
 */
@Singleton
public final class StoredSessionLog implements UsedSessionLog {
    private final EncryptedStore store;

    StoredSessionLog(NodeStore store) {
        this.store = store.store();
    }

    @Override
    public boolean markUsed(byte[] signSid, long expiryUnixSeconds) {
        return store.compareAndPut(NodeStore.USED_SESSIONS, signSid.clone(), Encoding.u64(expiryUnixSeconds))
                == PutResult.STORED;
    }

    @Override
    public boolean contains(byte[] signSid) {
        return store.get(NodeStore.USED_SESSIONS, signSid.clone()).isPresent();
    }
}
