package io.sigil.wire.reshare;

import io.sigil.crypto.reshare.ReshareBatch;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.wire.WireFields;
import io.sigil.wire.keygen.Contributor;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch of reshare attempts as the manager names it (docs/keygen.md §3.5): the old party
 * {@code P}, the same for every key, and per key what {@link ReshareSession} carries for one
 * (user, key, {@code PK}, {@code t}, {@code t'}, attempt). The order of {@code keys} is the batch
 * order every seal, signature and ack binds.
 */
public record ReshareBatchSession(List<Contributor> contributors, List<Key> keys) {
    public ReshareBatchSession {
        contributors = contributors == null ? List.of() : List.copyOf(contributors);
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** One key of the batch. */
    public record Key(String userId, String keyId, String publicKey, int oldThreshold, int newThreshold, int attempt) {
    }

    /** Key {@code index} as a one-key session. */
    public ReshareSession session(int index) {
        Key key = keys.get(index);
        return new ReshareSession(key.userId(), key.keyId(), key.publicKey(), key.oldThreshold(), key.newThreshold(),
                contributors, key.attempt());
    }

    /** The library batch; {@link io.sigil.wire.WireFormatException} or {@link IllegalArgumentException} name a bad field. */
    public ReshareBatch batch(String networkId, long oldEpoch, byte[] approvalDigest, int newCommitteeCount,
                              PointCache points) {
        WireFields.boundedList("keys", keys, 1, ReshareBatch.MAX_KEYS);
        List<ReshareParameters> parameters = new ArrayList<>(keys.size());
        for (int index = 0; index < keys.size(); index++) {
            parameters.add(session(index).parameters(networkId, oldEpoch, approvalDigest, newCommitteeCount, points));
        }
        return new ReshareBatch(parameters);
    }
}
