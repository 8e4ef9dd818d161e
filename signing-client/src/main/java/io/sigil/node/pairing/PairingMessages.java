package io.sigil.node.pairing;

import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.PeerKeys;
import io.sigil.wire.WireFields;
import java.security.GeneralSecurityException;

/**
 * The wire of the pairwise setup (spec §3.2) between two signing nodes, over two signed POSTs
 * from the smaller node id {@code A} to {@code B}: {@code /v1/pairing/start} carries S0 and A's
 * S1 and is answered with B's S1 and S2; {@code /v1/pairing/finish} carries A's S2. S1 and S2 are
 * HPKE-sealed to the recipient, bound to (sender, recipient, round): S2 opens the zero-share
 * seed commitment, which nobody else may learn.
 */
final class PairingMessages {
    /** Sealed S1 is ~50 kB; a bound keeps a hostile peer from making us buffer more. */
    static final int MAX_SEALED_BYTES = 64 * 1024;

    record Start(String request, String round1) {
    }

    record StartReply(String round1, String round2) {
    }

    record Finish(String round2) {
    }

    /** {@code /v1/pairing/state}: which generation the answering node holds with the asker. */
    record StateQuery(String node) {
    }

    record PeerState(long generation, String status) {
    }

    /** {@code /v1/pairing/renew} (responder → initiator): please set our pair up again. */
    record Renew(String node) {
    }

    /** {@code /v1/pairing/reset} (an operator, signed with the node's own identity key). */
    record Reset(String peer) {
    }

    private PairingMessages() {
    }

    static String seal(PeerKeys recipient, String from, String to, String round, byte[] message) {
        return WireFields.toBase64(recipient.encrypt(message, binding(from, to, round)));
    }

    static byte[] open(NodeIdentity self, String from, String to, String round, String field, String sealed)
            throws GeneralSecurityException {
        return self.decrypt(WireFields.base64(field, sealed, MAX_SEALED_BYTES), binding(from, to, round));
    }

    private static byte[] binding(String from, String to, String round) {
        return Transcript.start("sigil/pairing/v1").appendString("from", from).appendString("to", to)
                .appendString("round", round).digest();
    }
}
