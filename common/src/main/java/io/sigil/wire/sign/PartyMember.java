package io.sigil.wire.sign;

import io.sigil.crypto.dkls23.PartyId;

/** One member of a signing party on the wire: the committee index and the node that represents it. */
public record PartyMember(int committee, String nodeId) {

    public static PartyMember of(PartyId party) {
        return new PartyMember(party.index(), party.nodeId());
    }

    /** @throws IllegalArgumentException when the index is outside 1..255 or the id is empty */
    public PartyId toPartyId() {
        return new PartyId(committee, nodeId);
    }
}
