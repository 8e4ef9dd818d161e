package io.sigil.crypto.dkls23.sign;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.ec.Point;
import java.math.BigInteger;
import java.time.Clock;

/**
 * A presignature (spec §7): party {@code i}'s state after steps 8–9 a–h of a session whose
 * {@code sign_sid} has an empty digest. Single use, enforced here and durably through a
 * {@link ConsumptionLog}: {@link #complete} marks it consumed before computing {@code w_i}, and
 * refuses a second call, another party set, another key (the whole binding: user, key id and
 * public key, since key ids are chosen by users and repeat across users), an expired
 * presignature, and a destroyed (e.g. banned-pair) one. After a failure in round 3 it must be discarded, never retried.
 */
public final class Presignature {

    private enum State { AVAILABLE, CONSUMED, DESTROYED }

    private final byte[] signSid;
    private final String userId;
    private final String keyId;
    private final Point publicKey;
    private final SigningParty party;
    private final Point instancePoint;
    private final BigInteger rx;
    private final long expiryUnixSeconds;
    private PresignatureValues values;
    private State state = State.AVAILABLE;

    Presignature(PresignatureValues values) {
        this.values = values;
        this.signSid = values.signSid();
        this.userId = values.context().userId();
        this.keyId = values.context().keyId();
        this.publicKey = values.context().publicKey();
        this.party = values.context().party();
        this.instancePoint = values.combinedInstancePoint();
        this.rx = values.rx();
        this.expiryUnixSeconds = values.context().expiryUnixSeconds();
    }

    /** The presignature's {@code sign_sid} (empty digest); round 3 runs under it. */
    public byte[] signSid() {
        return signSid.clone();
    }

    public String keyId() {
        return keyId;
    }

    public SigningParty party() {
        return party;
    }

    /** The combined instance point {@code R} (public). */
    public Point instancePoint() {
        return instancePoint;
    }

    public BigInteger rx() {
        return rx;
    }

    public long expiryUnixSeconds() {
        return expiryUnixSeconds;
    }

    public synchronized boolean isAvailable() {
        return state == State.AVAILABLE;
    }

    /**
     * Uses the presignature for {@code digest}, to be finished by exactly {@code party} for key
     * {@code keyId} of user {@code userId} with public key {@code publicKey}. Marks it consumed
     * (in memory, then in {@code log}) before {@code w_i} exists.
     *
     * @throws Dkls23Abort LOCAL ({@code Replay}, {@code Expired}, {@code PreCheckFailed})
     */
    public synchronized SignRound3 complete(byte[] digest, String userId, String keyId, Point publicKey,
            SigningParty party, ConsumptionLog log, Clock clock) throws Dkls23Abort {
        byte[] sid = signSid.clone();
        if (state != State.AVAILABLE) {
            throw Dkls23Abort.unattributed(new AbortReason.Replay("presignature already used"), sid);
        }
        if (!this.party.equals(party) || !this.userId.equals(userId) || !this.keyId.equals(keyId)
                || !this.publicKey.equals(publicKey)) {
            throw Dkls23Abort.unattributed(new AbortReason.PreCheckFailed(
                    "presignature belongs to another party set or key"), sid);
        }
        if (clock.instant().getEpochSecond() >= expiryUnixSeconds) {
            destroy();
            throw Dkls23Abort.unattributed(new AbortReason.Expired("presignature expired"), sid);
        }
        if (digest.length != 32) {
            throw Dkls23Abort.unattributed(new AbortReason.PreCheckFailed("digest must be 32 bytes"), sid);
        }
        state = State.CONSUMED;
        PresignatureValues consumed = values;
        values = null;
        if (!log.markConsumed(sid)) {
            throw Dkls23Abort.unattributed(new AbortReason.Replay("presignature already used"), sid);
        }
        return SignRound3.fromValues(consumed, digest);
    }

    /** Discards the secret values (expiry, ban of a pair it uses, failure in round 3). */
    public synchronized void destroy() {
        state = State.DESTROYED;
        values = null;
    }
}
