package io.sigil.wire.reshare;

import java.util.List;

/** What the manager delivers to a signing node of {@code e+1} for a batch: the batch and every contributor's signed message. */
public record ReshareBatchDelivery(ReshareBatchSession session, List<ReshareBatchContribution> contributions) {
    public ReshareBatchDelivery {
        contributions = contributions == null ? List.of() : List.copyOf(contributions);
    }
}
