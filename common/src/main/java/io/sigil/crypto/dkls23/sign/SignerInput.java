package io.sigil.crypto.dkls23.sign;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.UsedSessionLog;
import io.sigil.crypto.dkls23.setup.PairStateStore;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.time.Clock;
import java.util.Objects;

/**
 * What party {@code self} brings to a signing session: the agreed context, its key share
 * {@code x_i} and the public key of its stored key record (spec §2.2), its pair states, the
 * used-session log and a clock for expiry checks. The key share is secret; this record has no
 * {@code toString} exposure of it.
 */
public record SignerInput(SignRequestContext context, PartyId self, Scalar keyShare,
        Point storedPublicKey, PairStateStore pairs, UsedSessionLog usedSessions, Clock clock) {

    public SignerInput {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(keyShare, "keyShare");
        Objects.requireNonNull(storedPublicKey, "storedPublicKey");
        Objects.requireNonNull(pairs, "pairs");
        Objects.requireNonNull(usedSessions, "usedSessions");
        Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String toString() {
        return "SignerInput[self=" + self + ", keyShare=redacted]";
    }
}
