package io.sigil.wire.sign;

import java.util.List;

/**
 * The body of {@code POST /v1/new_party/batch}: new_party calls of one manager to one node that
 * queued while another call to it was in flight, at most {@link BatchBounds#NEW_PARTY_MAX_ITEMS}.
 * Each item is admitted or refused on its own, exactly as {@code POST /v1/new_party} would.
 */
public record NewPartyBatch(List<NewParty> items) {
}
