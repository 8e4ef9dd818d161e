package io.sigil.node.signing;

import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.store.NodeStore;
import io.sigil.wire.sign.SessionReport;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The signatures this node produced and verified, by request id (design §5: finished sessions
 * clean up, their results stay in the store), so {@code GET /v1/signature/{id}} works on party
 * nodes too and a result survives a restart.
 */
@Singleton
final class SignatureArchive {
    private final EncryptedStore store;

    SignatureArchive(NodeStore store) {
        this.store = store.store();
    }

    void record(SessionReport done) {
        store.put(NodeStore.SIGNATURES, key(done.requestId()), Json.writeBytes(done));
    }

    Optional<SessionReport> find(String requestId) {
        return store.get(NodeStore.SIGNATURES, key(requestId)).map(bytes -> Json.read(bytes, SessionReport.class));
    }

    private static byte[] key(String requestId) {
        return requestId.getBytes(StandardCharsets.UTF_8);
    }
}
