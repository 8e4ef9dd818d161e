package io.sigil.wire.sync;

import io.sigil.wire.reshare.ReshareSession;
import java.util.List;

/**
 * The per-key part of a reshared key's evidence (keygen §3.7 "reshare acks with the epoch's
 * readies"): what {@code T'} is computed from, so the reader recomputes it and binds every new
 * commitment, not only {@code C'_0}. {@code oldEpoch} and the one-key {@code session} (user, key,
 * {@code PK}, {@code t}, {@code t'}, the old party {@code P} with node ids, the attempt) give
 * {@code rs_sid} together with the network, the new epoch, the approval digest of the committed
 * registry and {@code n'}, all of which the reader takes from its own committed chain;
 * {@code contributions} are the contributors' {@code E_{i,0..t'-1}} (33-byte compressed points in
 * hex) in ascending order of their old committee. {@code batch} names (hex of
 * {@code H("reshare-batch"; LIST(rs_sid))}) the shared {@link ReshareBatchEvidence} that holds the
 * acks of every committee of the new epoch; it is kept once per batch, not once per key.
 */
public record ReshareKeyEvidence(long oldEpoch, ReshareSession session, List<List<String>> contributions,
                                 String batch) {
    public ReshareKeyEvidence {
        contributions = contributions == null ? null : contributions.stream().map(List::copyOf).toList();
    }
}
