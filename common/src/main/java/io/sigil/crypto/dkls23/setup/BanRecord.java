package io.sigil.crypto.dkls23.setup;

import io.sigil.crypto.dkls23.AbortReason;

/**
 * What a ban reports (spec §8 ban procedure step 4): the banned peer node, the reason and the
 * public session id in which the failure was seen. No secret values.
 */
public record BanRecord(String peerNode, AbortReason reason, byte[] sessionId) {

    public BanRecord {
        sessionId = sessionId.clone();
    }

    @Override
    public byte[] sessionId() {
        return sessionId.clone();
    }
}
