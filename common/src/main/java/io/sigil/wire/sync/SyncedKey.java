package io.sigil.wire.sync;

import java.util.List;

/**
 * One ACTIVE key as a replica serves it to another replica of its committee (keygen §3.7): the
 * public record ({@code accountKey} 32-byte hex, {@code commitments} 33-byte compressed points in
 * hex with {@code C_0 = PK} first, {@code chainCode} 32-byte hex, {@code null} for a dealt key
 * registered before chain codes), its {@code origin} ({@code "network"} or {@code "dealt"}: a
 * dealt key's evidence is its bundle, which signs the same chain code), the evidence that the network or the
 * user made it ({@code null} for a record stored before evidence was kept), and the shard sealed
 * to the requester ({@code sealedShard}, base64 HPKE; {@code null} when there is no evidence, so
 * the requester has nothing it could store).
 */
public record SyncedKey(String userId, String keyId, String origin, String accountKey, int threshold,
                        List<String> commitments, String chainCode, KeyEvidence evidence, String sealedShard) {
    public static final String NETWORK = "network";
    public static final String DEALT = "dealt";

    public SyncedKey {
        commitments = commitments == null ? null : List.copyOf(commitments);
    }
}
