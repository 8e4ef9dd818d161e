package io.sigil.wire.keygen;

import java.util.List;

/**
 * {@code activate {userId, keyId, T, PK, acks}} (keygen §2.6, {@code POST /v1/dkg/activate}) with
 * the session it closes. Each node verifies every ack itself before its record becomes ACTIVE.
 */
public record DkgActivateCall(DkgSession session, String transcriptHash, String publicKey, List<DkgAck> acks) {
    public DkgActivateCall {
        acks = acks == null ? null : List.copyOf(acks);
    }
}
