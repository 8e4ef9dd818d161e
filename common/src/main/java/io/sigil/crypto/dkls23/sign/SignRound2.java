package io.sigil.crypto.dkls23.sign;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.SessionIds;
import io.sigil.crypto.dkls23.WireReader;
import io.sigil.crypto.dkls23.multiply.Mul1Message;
import io.sigil.crypto.dkls23.multiply.Mul2Message;
import io.sigil.crypto.dkls23.multiply.MultiplicationReceiver;
import io.sigil.crypto.dkls23.multiply.MultiplicationSender;
import io.sigil.crypto.dkls23.multiply.MultiplicationSenderResult;
import io.sigil.crypto.dkls23.multiply.OtConsistencyCheckFailedException;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.PairStatus;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.Lagrange;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Signing round 2 — DKLs23 Protocol 3.6, step 7 (spec §6.3). Built by {@link SignRound1#finish()}:
 * computes E1, {@code sk_i = λ_i·x_i + ζ_i}, {@code pk_i}, and answers every peer's {@code MUL1} as
 * Alice with inputs {@code (r_i, sk_i)}, holding the direction lock so that KOS checks of one
 * direction run one at a time and a failure is banned before the next (spec §4.6.3).
 */
public final class SignRound2 extends ReceivingRound<SignRound2.Broadcast, SignRound2.Direct> {

    static final int ROUND = 2;

    /** {@code R2B_i = (R_i, salt_i, pk_i, E1)}, 130 bytes. */
    public record Broadcast(Point instancePoint, byte[] salt, Point publicKeyShare, byte[] echo1) {
        public static final int ENCODED_LENGTH = 33 + 32 + 33 + 32;

        public Broadcast {
            if (salt.length != 32 || echo1.length != 32) {
                throw new IllegalArgumentException("salt and E1 are 32 bytes");
            }
            salt = salt.clone();
            echo1 = echo1.clone();
        }

        @Override
        public byte[] salt() {
            return salt.clone();
        }

        @Override
        public byte[] echo1() {
            return echo1.clone();
        }

        public byte[] encode() {
            return Encoding.concat(instancePoint.encode(), salt, publicKeyShare.encode(), echo1);
        }

        public static Broadcast decode(byte[] bytes) {
            WireReader reader = new WireReader(bytes, "R2B");
            Broadcast message = new Broadcast(reader.point("R"), reader.bytes(32, "salt"),
                    reader.point("pk"), reader.bytes(32, "E1"));
            reader.finish();
            return message;
        }
    }

    /** {@code R2P_{i→j} = (Γ^u_ij, Γ^v_ij, ψ_ij, MUL2_{i→j})}. */
    public record Direct(Point gammaU, Point gammaV, Scalar psi, Mul2Message mul2) {
        public byte[] encode() {
            int head = 2 * Point.ENCODED_LENGTH + Scalar.ENCODED_LENGTH;
            byte[] out = new byte[head + Mul2Message.ENCODED_LENGTH];
            System.arraycopy(gammaU.encode(), 0, out, 0, Point.ENCODED_LENGTH);
            System.arraycopy(gammaV.encode(), 0, out, Point.ENCODED_LENGTH, Point.ENCODED_LENGTH);
            System.arraycopy(psi.toBytes(), 0, out, 2 * Point.ENCODED_LENGTH, Scalar.ENCODED_LENGTH);
            mul2.encodeInto(out, head);
            return out;
        }

        public static Direct decode(byte[] bytes) {
            WireReader reader = new WireReader(bytes, "R2P");
            Point gammaU = reader.point("Γu");
            Point gammaV = reader.point("Γv");
            Scalar psi = reader.scalar("ψ");
            int length = reader.remaining();
            Mul2Message mul2 = Mul2Message.decode(bytes, reader.skip(length, "MUL2"), length);
            return new Direct(gammaU, gammaV, psi, mul2);
        }
    }

    final SignRound1 previous;
    final byte[] signSid;
    final PartyId self;
    Scalar instanceKey;            // r_i
    Scalar inversionMask;          // φ_i
    final byte[] salt;
    final Point instancePoint;     // R_i
    Scalar secretKeyShare;         // sk_i
    final Point publicKeyShare;    // pk_i
    final byte[] echo1;            // E1
    final Map<PartyId, byte[]> commitments;
    final Map<PartyId, Scalar[]> senderShares = new TreeMap<>(); // c_ij = (c^u_ij, c^v_ij)
    private final Map<PartyId, Direct> outgoingDirect = new TreeMap<>();

    SignRound2(SignRound1 round1, Map<PartyId, byte[]> commitments, Map<PartyId, SignRound1.Direct> mul1)
            throws Dkls23Abort {
        super(new Inbox<>(round1.signSid, ROUND, round1.self, round1.party, Broadcast::decode,
                Direct::decode), ROUND);
        this.previous = round1;
        this.signSid = round1.signSid;
        this.self = round1.self;
        this.instanceKey = round1.instanceKey;
        this.inversionMask = round1.inversionMask;
        this.salt = round1.salt.clone();
        this.instancePoint = round1.instancePoint;
        this.commitments = commitments;
        // 7.1: E1 over all commitments, P ascending.
        this.echo1 = echo1(signSid, commitments);
        // 7.2: additive share of x for this party.
        Scalar lambda = Lagrange.coefficientAtZero(self.index(), round1.party.indices());
        this.secretKeyShare = lambda.multiply(round1.input.keyShare()).add(round1.zeroShare);
        this.publicKeyShare = Point.baseMultiply(secretKeyShare);
        // 7.3–7.4: Alice's side of MUL(j←i) for every peer j.
        for (Map.Entry<PartyId, SignRound1.Direct> entry : mul1.entrySet()) {
            PartyId peer = entry.getKey();
            MultiplicationSenderResult result = respondAsAlice(round1, peer, entry.getValue());
            Scalar[] c = result.c();
            senderShares.put(peer, c);
            Scalar chi = round1.receivers.get(peer).chi();
            outgoingDirect.put(peer, new Direct(Point.baseMultiply(c[0]), Point.baseMultiply(c[1]),
                    inversionMask.subtract(chi), result.message()));
        }
    }

    /**
     * Answers {@code MUL1_{j→i}} under the {@code j→i} direction lock. A pair found banned inside
     * the lock aborts without evaluating the check; a failed KOS check is banned (persisted) before
     * the lock is released (spec §4.6.3, §8 ban procedure). A {@code MUL1} made under another
     * {@code dir_sid} (the peer holds another generation) retires the pair without blame and
     * without evaluating the check: run against the wrong seeds it would fail and ban an honest pair.
     * Under a generation this node has since replaced it only ends this session (the peer's
     * session is stale, not the pair). The check runs under a lease on the seeds: a retire or
     * replace that comes during it (a peer's {@code /renew}) wipes them only afterwards, so the
     * check never runs on wiped seeds, whose failure would ban an honest peer.
     */
    private MultiplicationSenderResult respondAsAlice(SignRound1 round1, PartyId peer, SignRound1.Direct direct)
            throws Dkls23Abort {
        PairState pair = round1.pairs.get(peer);
        Mul1Message message = direct.mul1();
        ReentrantLock lock = pair.aliceDirectionLock();
        lock.lock();
        try {
            if (!pair.isActive()) {
                throw inactivePair(pair, peer);
            }
            byte[] dirSid = pair.dirSidAsAlice();
            if (!Arrays.equals(dirSid, direct.dirSid())) { // public ids: no constant time needed
                // retires the pair unless the peer's session is merely stale (began before a new setup)
                round1.input.pairs().outOfSync(peer.nodeId(), direct.dirSid());
                throw Dkls23Abort.unattributed(new AbortReason.PairOutOfSync(peer.nodeId()), signSid);
            }
            byte[] mulSid = SessionIds.mulSid(signSid, peer.index(), self.index(), dirSid);
            // the lease is closed before a ban below, which wipes the seeds
            try (PairState.Lease seeds = pair.lease().orElseThrow(() -> inactivePair(pair, peer))) {
                return MultiplicationSender.respond(mulSid, dirSid, seeds.aliceSeeds(), message,
                        instanceKey, secretKeyShare, round1.rng);
            } catch (OtConsistencyCheckFailedException e) {
                throw Bans.banAndAbort(round1.input.pairs(), new AbortReason.OtConsistencyCheckFailed(),
                        peer, signSid);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The pair left use before this session's check: retired or replaced (the peer holds another
     * generation, nobody's fault), or banned by a concurrent session's failed check of the peer.
     */
    private Dkls23Abort inactivePair(PairState pair, PartyId peer) {
        if (pair.status() == PairStatus.RETIRED) {
            return Dkls23Abort.unattributed(new AbortReason.PairOutOfSync(peer.nodeId()), signSid);
        }
        return Dkls23Abort.blame(new AbortReason.PairBanned(), peer.nodeId(), signSid);
    }

    /** {@code E1 = H("sign/echo1"; sign_sid, com_{k_1} ‖ … ‖ com_{k_t})}, P ascending. */
    static byte[] echo1(byte[] signSid, Map<PartyId, byte[]> commitments) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        new TreeMap<>(commitments).values().forEach(all::writeBytes);
        return Dkls23Hash.h("sign/echo1", signSid, all.toByteArray());
    }

    public byte[] signSid() {
        return signSid.clone();
    }

    public Broadcast broadcast() {
        requireLive();
        return new Broadcast(instancePoint, salt, publicKeyShare, echo1);
    }

    public Direct directTo(PartyId peer) {
        requireLive();
        Direct direct = outgoingDirect.get(peer);
        if (direct == null) {
            throw new IllegalArgumentException("not a peer in this session: " + peer);
        }
        return direct;
    }

    public List<RoundEnvelope> outgoing() {
        requireLive();
        List<RoundEnvelope> out = new ArrayList<>();
        out.add(new RoundEnvelope(signSid, self.nodeId(), "", ROUND, RoundEnvelope.Kind.BROADCAST,
                broadcast().encode()));
        for (PartyId peer : outgoingDirect.keySet()) {
            out.add(new RoundEnvelope(signSid, self.nodeId(), peer.nodeId(), ROUND,
                    RoundEnvelope.Kind.DIRECT, directTo(peer).encode()));
        }
        return out;
    }

    /**
     * Steps 8–9 (round 3) for a signing session with a digest. Consumes this round.
     *
     * @throws IllegalStateException for a presignature session (use {@link #finishPresignature()})
     */
    public SignRound3 finish() throws Dkls23Abort {
        requireLive();
        if (previous.input.context().isPresignature()) {
            throw new IllegalStateException("presignature session: use finishPresignature()");
        }
        return SignRound3.fromValues(checkAndCombine(), previous.input.context().digest());
    }

    /** Steps 8–9 a–h of a presignature session (empty digest in {@code sign_sid}, spec §7). */
    public Presignature finishPresignature() throws Dkls23Abort {
        requireLive();
        if (!previous.input.context().isPresignature()) {
            throw new IllegalStateException("signing session: use finish()");
        }
        return new Presignature(checkAndCombine());
    }

    private PresignatureValues checkAndCombine() throws Dkls23Abort {
        consume();
        Map<PartyId, Broadcast> broadcasts = new TreeMap<>();
        Map<PartyId, Direct> directs = new TreeMap<>();
        for (PartyId other : previous.party.others(self)) {
            broadcasts.put(other, inbox.broadcast(other));
            directs.put(other, inbox.direct(other));
        }
        try {
            return Round3Checks.run(this, broadcasts, directs);
        } finally {
            Arrays.fill(salt, (byte) 0);
            instanceKey = null;
            inversionMask = null;
            secretKeyShare = null;
            senderShares.clear();
        }
    }
}
