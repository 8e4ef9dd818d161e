package io.sigil.wire.reshare;

import java.util.List;

/** What the manager delivers to a signing node of {@code e+1}: the session and every contributor's signed message. */
public record ReshareDelivery(ReshareSession session, List<ReshareContribution> contributions) {
    public ReshareDelivery {
        contributions = contributions == null ? List.of() : List.copyOf(contributions);
    }
}
