package io.sigil.crypto.dkls23.sign;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.SessionIds;
import io.sigil.crypto.dkls23.SignRequestContext;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.crypto.dkls23.WireReader;
import io.sigil.crypto.dkls23.multiply.Mul1Message;
import io.sigil.crypto.dkls23.multiply.MultiplicationReceiver;
import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.PairStatus;
import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Signing round 1 — DKLs23 Protocol 3.6, steps 4–6 (spec §6.1–6.2). {@link #start} runs the
 * pre-checks and records {@code sign_sid} as used before anything is sent; the round then offers
 * its broadcast {@code com_i} and one {@code MUL1_{i→j}} per peer, stores the peers' round-1
 * messages and {@link #finish()}es into {@link SignRound2}.
 */
public final class SignRound1 extends ReceivingRound<SignRound1.Broadcast, SignRound1.Direct> {

    static final int ROUND = 1;

    /** {@code R1B_i = (com_i)}, 32 bytes. */
    public record Broadcast(byte[] commitment) {
        public static final int ENCODED_LENGTH = 32;

        public Broadcast {
            commitment = commitment.clone();
        }

        @Override
        public byte[] commitment() {
            return commitment.clone();
        }

        public byte[] encode() {
            return commitment.clone();
        }

        public static Broadcast decode(byte[] bytes) {
            WireReader reader = new WireReader(bytes, "R1B");
            Broadcast message = new Broadcast(reader.bytes(32, "com"));
            reader.finish();
            return message;
        }
    }

    /**
     * {@code R1P_{i→j} = dir_sid(N_i→N_j) ‖ MUL1_{i→j}} (32 + 26 682 bytes). The direction id the
     * sender used lets the receiver tell a pair held in two different generations (which would
     * fail the KOS check and ban an honest pair) from a cheating Bob, before any check runs.
     */
    public record Direct(byte[] dirSid, Mul1Message mul1) {
        public static final int DIR_SID_LENGTH = 32;

        public Direct {
            if (dirSid.length != DIR_SID_LENGTH) {
                throw new InvalidEncodingException("R1P dir_sid: expected 32 bytes");
            }
            dirSid = dirSid.clone();
        }

        @Override
        public byte[] dirSid() {
            return dirSid.clone();
        }

        public byte[] encode() {
            byte[] out = new byte[DIR_SID_LENGTH + Mul1Message.ENCODED_LENGTH];
            System.arraycopy(dirSid, 0, out, 0, DIR_SID_LENGTH);
            mul1.encodeInto(out, DIR_SID_LENGTH);
            return out;
        }

        public static Direct decode(byte[] bytes) {
            if (bytes.length < DIR_SID_LENGTH) {
                throw new InvalidEncodingException("R1P: shorter than its dir_sid");
            }
            return new Direct(Arrays.copyOf(bytes, DIR_SID_LENGTH),
                    Mul1Message.decode(bytes, DIR_SID_LENGTH, bytes.length - DIR_SID_LENGTH));
        }
    }

    final SignerInput input;
    final byte[] signSid;
    final SigningParty party;
    final PartyId self;
    final Map<PartyId, PairState> pairs;
    final SecureRandom rng;
    Scalar instanceKey;          // r_i
    Scalar inversionMask;        // φ_i
    final byte[] salt;
    final Point instancePoint;   // R_i
    final byte[] commitment;     // com_i
    Scalar zeroShare;            // ζ_i
    final Map<PartyId, MultiplicationReceiver> receivers; // MUL(i←j), i is Bob

    private SignRound1(SignerInput input, byte[] signSid, Map<PartyId, PairState.Lease> leases,
            SecureRandom rng) {
        super(new Inbox<>(signSid, ROUND, input.self(), input.context().party(), Broadcast::decode,
                Direct::decode), ROUND);
        this.input = input;
        this.signSid = signSid;
        this.party = input.context().party();
        this.self = input.self();
        Map<PartyId, PairState> leased = new TreeMap<>();
        leases.forEach((peer, lease) -> leased.put(peer, lease.pair()));
        this.pairs = leased;
        this.rng = rng;
        // Step 5: instance key, inversion mask, commitment to R_i.
        this.instanceKey = Scalar.random(rng);
        this.inversionMask = Scalar.random(rng);
        this.salt = new byte[32];
        rng.nextBytes(salt);
        this.instancePoint = Point.baseMultiply(instanceKey);
        this.commitment = commitR(signSid, self.index(), instancePoint, salt);
        // Step 6: zero share and the multiplications where this party is Bob.
        Map<PartyId, byte[]> zeroSeeds = new TreeMap<>();
        this.receivers = new LinkedHashMap<>();
        try {
            for (PartyId other : party.others(self)) {
                PairState.Lease lease = leases.get(other);
                zeroSeeds.put(other, lease.zeroSeed());
                byte[] dirSid = lease.pair().dirSidAsBob();
                byte[] mulSid = SessionIds.mulSid(signSid, self.index(), other.index(), dirSid);
                receivers.put(other, MultiplicationReceiver.start(mulSid, dirSid, lease.bobSeeds(), rng));
            }
            this.zeroShare = ZeroShares.share(signSid, self, zeroSeeds);
        } finally {
            zeroSeeds.values().forEach(seed -> Arrays.fill(seed, (byte) 0));
        }
    }

    /**
     * Step 4 pre-checks, then round 1. Refuses (LOCAL class, nothing sent) a malformed party, a
     * missing or banned pair, a public key that differs from the stored key record, an expired
     * request, and a {@code sign_sid} already in the used-session log (freshness rule, §1.5); a
     * pair retired for a new setup ends the session as {@code PairOutOfSync} (RETRY, no culprit).
     * The {@code sign_sid} is recorded as used before this method returns. The user's request
     * signature and registry membership are checked by the node service before calling this.
     *
     * <p>The pre-check leases every pair's seeds ({@link PairState#lease()}) and round 1 is built
     * before the leases are let go: a pair retired or replaced meanwhile (a peer's {@code /renew})
     * wipes its seeds only after that, so a session past its pre-check always sends its round 1.
     * Its peers then end theirs at once on the stale {@code dir_sid} without blame, where a
     * session that failed here before sending would leave them waiting until they blamed this node.
     */
    public static SignRound1 start(SignerInput input, SecureRandom rng) throws Dkls23Abort {
        SignRequestContext context = input.context();
        byte[] signSid = context.signSid();
        Map<PartyId, PairState.Lease> leases = preCheck(input, signSid);
        try {
            long now = input.clock().instant().getEpochSecond();
            if (context.expiryUnixSeconds() <= now) {
                throw Dkls23Abort.unattributed(new AbortReason.Expired("signing request expired"), signSid);
            }
            if (!input.usedSessions().markUsed(signSid, context.expiryUnixSeconds())) {
                throw Dkls23Abort.unattributed(new AbortReason.Replay("sign_sid already used"), signSid);
            }
            return new SignRound1(input, signSid, leases, rng);
        } finally {
            leases.values().forEach(PairState.Lease::close);
        }
    }

    /** The checks of step 4; on success, a lease on every peer's pair (the caller closes them). */
    private static Map<PartyId, PairState.Lease> preCheck(SignerInput input, byte[] signSid)
            throws Dkls23Abort {
        SignRequestContext context = input.context();
        SigningParty party = context.party();
        int t = context.threshold();
        int n = context.committeeCount();
        if (t < 2 || t > n || n > PartyId.MAX_INDEX || party.size() != t) {
            throw preCheckFailure("the signing party must have exactly t members, 2 <= t <= n <= 255", signSid);
        }
        Set<Integer> seen = new HashSet<>();
        for (PartyId member : party.members()) {
            if (member.index() > n || !seen.add(member.index())) {
                throw preCheckFailure("committee index out of range", signSid);
            }
        }
        if (!party.contains(input.self())) {
            throw preCheckFailure("own index and node id are not in the signing party", signSid);
        }
        if (!context.publicKey().equals(input.storedPublicKey())) {
            throw preCheckFailure("public key differs from the stored key record", signSid);
        }
        Map<PartyId, PairState.Lease> leases = new TreeMap<>();
        try {
            for (PartyId other : party.others(input.self())) {
                PairState pair = input.pairs().find(other.nodeId()).orElse(null);
                PairState.Lease lease = pair == null ? null : pair.lease().orElse(null);
                if (lease == null) {
                    throw inactivePair(pair, other, signSid);
                }
                leases.put(other, lease);
            }
        } catch (Dkls23Abort refused) {
            leases.values().forEach(PairState.Lease::close);
            throw refused;
        }
        return leases;
    }

    /** A pair retired for a new setup is out of step, nobody's fault; a missing or banned one fails the pre-check. */
    private static Dkls23Abort inactivePair(PairState pair, PartyId other, byte[] signSid) {
        if (pair != null && pair.status() == PairStatus.RETIRED) {
            return Dkls23Abort.unattributed(new AbortReason.PairOutOfSync(other.nodeId()), signSid);
        }
        return preCheckFailure("no active pair state with " + other.nodeId(), signSid);
    }

    private static Dkls23Abort preCheckFailure(String detail, byte[] signSid) {
        return Dkls23Abort.unattributed(new AbortReason.PreCheckFailed(detail), signSid);
    }

    /** {@code com_i = H("sign/commit-R"; sign_sid, u32(i), R_i, salt_i)} (spec §6.2). */
    static byte[] commitR(byte[] signSid, int index, Point instancePoint, byte[] salt) {
        return Dkls23Hash.h("sign/commit-R", signSid, Encoding.u32(index), instancePoint.encode(), salt);
    }

    public byte[] signSid() {
        return signSid.clone();
    }

    public Broadcast broadcast() {
        requireLive();
        return new Broadcast(commitment);
    }

    public Direct directTo(PartyId peer) {
        requireLive();
        MultiplicationReceiver receiver = receivers.get(peer);
        if (receiver == null) {
            throw new IllegalArgumentException("not a peer in this session: " + peer);
        }
        return new Direct(pairs.get(peer).dirSidAsBob(), receiver.message());
    }

    /** All outgoing envelopes of this round (one broadcast, one direct per peer). */
    public java.util.List<RoundEnvelope> outgoing() {
        requireLive();
        java.util.List<RoundEnvelope> out = new java.util.ArrayList<>();
        out.add(new RoundEnvelope(signSid, self.nodeId(), "", ROUND, RoundEnvelope.Kind.BROADCAST,
                broadcast().encode()));
        for (PartyId peer : receivers.keySet()) {
            out.add(new RoundEnvelope(signSid, self.nodeId(), peer.nodeId(), ROUND,
                    RoundEnvelope.Kind.DIRECT, directTo(peer).encode()));
        }
        return out;
    }

    /** Step 7 (round 2) with every peer's round-1 message in hand. Consumes this round. */
    public SignRound2 finish() throws Dkls23Abort {
        consume();
        Map<PartyId, byte[]> commitments = new TreeMap<>();
        Map<PartyId, Direct> mul1 = new TreeMap<>();
        for (PartyId other : party.others(self)) {
            commitments.put(other, inbox.broadcast(other).commitment());
            mul1.put(other, inbox.direct(other));
        }
        commitments.put(self, commitment.clone());
        try {
            return new SignRound2(this, commitments, mul1);
        } finally {
            wipe();
        }
    }

    private void wipe() {
        Arrays.fill(salt, (byte) 0);
        instanceKey = null;
        inversionMask = null;
        zeroShare = null;
    }
}
