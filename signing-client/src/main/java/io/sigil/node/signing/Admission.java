package io.sigil.node.signing;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.ec.Scalar;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.NodeEntry;
import java.util.Optional;

/**
 * A new_party this node has checked (spec §6.1) and agreed to join: the agreed context, this
 * node's place in the party, its key record (holding the shard) and the manager to report to; and
 * the public tweak δ when the request signs under a BIP32 child (keygen §4.3: the context's public
 * key is then the child and the share used is {@code x_i + δ}).
 */
record Admission(SignRequestContext context, PartyId self, KeyRecord key, NodeEntry manager, Optional<Scalar> tweak) {

    byte[] sessionId() {
        return context.signSid();
    }

    @Override
    public String toString() {
        return "Admission[request=" + context.requestId() + ", attempt=" + context.attempt() + ", self=" + self + "]";
    }
}
