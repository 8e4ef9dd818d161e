package io.sigil.crypto.dkls23.sign;

import static org.bouncycastle.util.Arrays.constantTimeAreEqual;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.dkls23.WireReader;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.hash.Encoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signing round 3 — DKLs23 Protocol 3.6 steps 9 i–j and 10 (spec §6.4–6.5). Holds the party's
 * broadcast {@code (u_i, w_i, e, E2)}; {@link #finish()} checks every member's echo, combines
 * {@code s = Σw / Σu}, verifies the signature and returns it low-s with its recovery id.
 */
public final class SignRound3 extends ReceivingRound<SignRound3.Broadcast, Void> {

    static final int ROUND = 3;

    /** {@code R3B_i = (u_i, w_i, e, E2)}, 128 bytes. Public. */
    public record Broadcast(Scalar u, Scalar w, byte[] digest, byte[] echo2) {
        public static final int ENCODED_LENGTH = 128;

        public Broadcast {
            if (digest.length != 32 || echo2.length != 32) {
                throw new IllegalArgumentException("e and E2 are 32 bytes");
            }
            digest = digest.clone();
            echo2 = echo2.clone();
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }

        @Override
        public byte[] echo2() {
            return echo2.clone();
        }

        public byte[] encode() {
            return Encoding.concat(u.toBytes(), w.toBytes(), digest, echo2);
        }

        public static Broadcast decode(byte[] bytes) {
            WireReader reader = new WireReader(bytes, "R3B");
            Broadcast message = new Broadcast(reader.scalar("u"), reader.scalar("w"),
                    reader.bytes(32, "e"), reader.bytes(32, "E2"));
            reader.finish();
            return message;
        }
    }

    private final PresignatureValues values;
    private final byte[] digest;
    private final Broadcast own;

    private SignRound3(PresignatureValues values, byte[] digest) {
        super(new Inbox<>(values.signSid(), ROUND, values.self(), values.context().party(),
                Broadcast::decode, null), ROUND);
        this.values = values;
        this.digest = digest.clone();
        // i. w_i = z·φ_i + r_x·v_i
        Scalar z = Scalar.reduce(digest);
        Scalar rx = Scalar.fromBigInteger(values.rx());
        Scalar w = z.multiply(values.inversionMask()).add(rx.multiply(values.v()));
        this.own = new Broadcast(values.u(), w, digest, values.echo2());
    }

    static SignRound3 fromValues(PresignatureValues values, byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("digest must be 32 bytes");
        }
        return new SignRound3(values, digest);
    }

    public byte[] signSid() {
        return values.signSid();
    }

    public Broadcast broadcast() {
        requireLive();
        return own;
    }

    public List<RoundEnvelope> outgoing() {
        requireLive();
        List<RoundEnvelope> out = new ArrayList<>();
        out.add(new RoundEnvelope(values.signSid(), values.self().nodeId(), "", ROUND,
                RoundEnvelope.Kind.BROADCAST, own.encode()));
        return out;
    }

    /** Step 10: check echoes, combine, verify (spec §6.5). Consumes this round. */
    public EcdsaSignature finish() throws Dkls23Abort {
        consume();
        SigningParty party = values.context().party();
        Map<PartyId, Broadcast> all = new TreeMap<>();
        for (PartyId other : party.others(values.self())) {
            all.put(other, inbox.broadcast(other));
        }
        byte[] signSid = values.signSid();
        // 1. every member saw the same digest and the same (R_k, pk_k).
        for (Map.Entry<PartyId, Broadcast> entry : all.entrySet()) {
            if (!constantTimeAreEqual(entry.getValue().digest(), digest)) {
                throw Dkls23Abort.blame(new AbortReason.InconsistentBroadcast("e"),
                        entry.getKey().nodeId(), signSid);
            }
            if (!constantTimeAreEqual(entry.getValue().echo2(), own.echo2())) {
                throw Dkls23Abort.blame(new AbortReason.InconsistentBroadcast("E2"),
                        entry.getKey().nodeId(), signSid);
            }
        }
        all.put(values.self(), own);
        // 2. s = Σw / Σu
        Scalar uSum = Scalar.ZERO;
        Scalar wSum = Scalar.ZERO;
        for (Broadcast b : all.values()) {
            uSum = uSum.add(b.u());
            wSum = wSum.add(b.w());
        }
        if (uSum.isZero()) {
            throw Dkls23Abort.unattributed(new AbortReason.Retry("sum of u is zero"), signSid);
        }
        Scalar s = wSum.multiply(uSum.invert());
        if (s.isZero()) {
            throw Dkls23Abort.unattributed(new AbortReason.Retry("s is zero"), signSid);
        }
        // 3.–5. verify, normalise, recovery id, local recovery check.
        return SignatureOutput.verifyAndNormalise(values.combinedInstancePoint(), values.rx(), s,
                digest, values.context().publicKey(), signSid);
    }
}
