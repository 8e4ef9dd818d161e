package io.sigil.node.signing;

import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.store.NodeStore;
import io.sigil.wire.sign.SessionReport;
import io.sigil.kvdb.StorePurge;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The signatures this node produced and verified, by request id (design §5: finished sessions
 * clean up, their results stay in the store), so {@code GET /v1/signature/{id}} works on party
 * nodes too and a result survives a restart. Kept for {@code sigil.retention.signatures}
 * (default 7 days) after they were archived, then purged by {@link RetentionSweeper}.
 */
@Singleton
final class SignatureArchive {
    private final EncryptedStore store;
    private final Clock clock;

    /** What is stored: when, and the report. */
    record Archived(long archivedAtMillis, SessionReport report) {
    }

    @Inject
    SignatureArchive(NodeStore store) {
        this(store, Clock.systemUTC());
    }

    SignatureArchive(NodeStore store, Clock clock) {
        this.store = store.store();
        this.clock = clock;
    }

    /**
     * Written without its own fsync (it reaches RocksDB's log at once, so it survives a process
     * crash, and the next synced write of the store, such as the next session's used-session entry,
     * takes it to disk): it lies on the path of every signature (docs/performance.md). It is written
     * before the report, so a manager that announced the signature and crashed before its own synced
     * write finds it here when it resumes the request ({@code GET /v1/signature/{requestId}}) and
     * finishes with the same signature; a copy lost to a power cut of this node as well only means
     * the request signs again (docs/security.md §8, "The final status").
     */
    void record(SessionReport done) {
        store.putWithoutSync(NodeStore.SIGNATURES, key(done.requestId()), Json.writeBytes(new Archived(clock.millis(), done)));
    }

    Optional<SessionReport> find(String requestId) {
        return store.get(NodeStore.SIGNATURES, key(requestId)).map(bytes -> Json.read(bytes, Archived.class).report());
    }

    /** Deletes the signatures archived before {@code cutoff}; returns how many. */
    int purgeArchivedBefore(Instant cutoff) {
        return StorePurge.deleteWhere(store, NodeStore.SIGNATURES,
                value -> Json.read(value, Archived.class).archivedAtMillis() < cutoff.toEpochMilli());
    }

    private static byte[] key(String requestId) {
        return requestId.getBytes(StandardCharsets.UTF_8);
    }
}
