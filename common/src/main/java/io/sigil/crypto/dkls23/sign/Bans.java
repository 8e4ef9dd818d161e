package io.sigil.crypto.dkls23.sign;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.setup.BanRecord;
import io.sigil.crypto.dkls23.setup.PairStateStore;

/** BAN-class aborts: the ban procedure runs (and persists) before the abort is thrown (spec §8). */
final class Bans {

    private Bans() {
    }

    static Dkls23Abort banAndAbort(PairStateStore store, AbortReason reason, PartyId culprit,
            byte[] signSid) {
        store.ban(new BanRecord(culprit.nodeId(), reason, signSid));
        return Dkls23Abort.blame(reason, culprit.nodeId(), signSid);
    }
}
