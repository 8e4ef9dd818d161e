package io.sigil.wire.sign;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the manager posts to each chosen node ({@code POST /v1/new_party}, node-signed by the
 * manager): the user's signed request, the attempt number, the party (ascending committee
 * index), the nodes excluded when it was chosen, and {@code sessionId} = {@code 0x}-hex
 * {@code sign_sid} (dkls23 spec §1.5). A node trusts none of it: it re-checks the user's signature,
 * recomputes the selection from (registry, request, attempt, excluded) and the session id.
 */
public record NewParty(String requestId, SignRequest request, int attempt, List<PartyMember> party,
                       List<String> excluded, String sessionId) {
    public static final int MAX_ATTEMPT = 1000;
    public static final int MAX_EXCLUDED = 4096;

    public static NewParty of(String requestId, SignRequest request, int attempt, SigningParty party,
                              List<String> excluded, byte[] sessionId) {
        return new NewParty(requestId, request, attempt, party.members().stream().map(PartyMember::of).toList(),
                List.copyOf(excluded), WireFields.toHex(sessionId));
    }

    /**
     * The party as the protocol code takes it.
     *
     * @throws WireFormatException when the list is missing, too long, or not a valid party
     */
    public SigningParty signingParty() {
        List<PartyMember> members = WireFields.boundedList("party", party, 2, PartyId.MAX_INDEX);
        List<PartyId> ids = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            PartyMember member = members.get(i);
            WireFields.identifier("party[" + i + "].nodeId", member.nodeId());
            try {
                ids.add(member.toPartyId());
            } catch (IllegalArgumentException invalid) {
                throw new WireFormatException("party[" + i + "]", invalid.getMessage());
            }
        }
        try {
            return SigningParty.of(ids);
        } catch (IllegalArgumentException invalid) {
            throw new WireFormatException("party", invalid.getMessage());
        }
    }

    /** The 32-byte {@code sign_sid} as sent. */
    public byte[] sessionIdBytes() {
        return WireFields.hex("sessionId", sessionId, 32);
    }
}
