package io.sigil.crypto.dkls23.sign;

import static org.bouncycastle.util.Arrays.constantTimeAreEqual;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.multiply.MultiplicationCheckFailedException;
import io.sigil.crypto.dkls23.setup.PairStateStore;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.hash.Dkls23Hash;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Map;
import java.util.TreeMap;

/**
 * DKLs23 Protocol 3.6 steps 8–9 a–h (spec §6.4): the checks on every peer's round-2 values, in
 * the order of the spec, then the combination into {@code R}, {@code u_i}, {@code v_i}. Everything
 * here is message-independent, so presignatures (§7) stop after it.
 */
final class Round3Checks {

    private Round3Checks() {
    }

    static PresignatureValues run(SignRound2 round2, Map<PartyId, SignRound2.Broadcast> broadcasts,
            Map<PartyId, SignRound2.Direct> directs) throws Dkls23Abort {
        SignRound1 round1 = round2.previous;
        byte[] signSid = round2.signSid;
        PairStateStore store = round1.input.pairs();
        Map<PartyId, Scalar[]> receiverShares = new TreeMap<>(); // d_ij
        for (PartyId j : broadcasts.keySet()) {
            SignRound2.Broadcast b = broadcasts.get(j);
            SignRound2.Direct d = directs.get(j);
            // a. echo of the round-1 commitments.
            if (!constantTimeAreEqual(b.echo1(), round2.echo1)) {
                throw Dkls23Abort.blame(new AbortReason.InconsistentBroadcast("E1"), j.nodeId(), signSid);
            }
            // b. points decoded (and ≠ O) and ψ < q at receipt; now the commitment opening.
            byte[] expected = SignRound1.commitR(signSid, j.index(), b.instancePoint(), b.salt());
            if (!constantTimeAreEqual(expected, round2.commitments.get(j))) {
                throw Dkls23Abort.blame(new AbortReason.CommitmentMismatch(), j.nodeId(), signSid);
            }
            // c. finish MUL(i←j) as Bob.
            Scalar[] dShares;
            try {
                dShares = round1.receivers.get(j).finish(d.mul2());
            } catch (MultiplicationCheckFailedException e) {
                throw Bans.banAndAbort(store, new AbortReason.MultiplicationCheckFailed(), j, signSid);
            }
            receiverShares.put(j, dShares);
            Scalar chi = round1.receivers.get(j).chi();
            // d. χ_ij·R_j == d^u_ij·G + Γ^u_ji
            if (!b.instancePoint().multiply(chi).equals(Point.baseMultiply(dShares[0]).add(d.gammaU()))) {
                throw Bans.banAndAbort(store, new AbortReason.GammaUInconsistent(), j, signSid);
            }
            // e. χ_ij·pk_j == d^v_ij·G + Γ^v_ji
            if (!b.publicKeyShare().multiply(chi).equals(Point.baseMultiply(dShares[1]).add(d.gammaV()))) {
                throw Bans.banAndAbort(store, new AbortReason.GammaVInconsistent(), j, signSid);
            }
        }
        // f. Σ pk_k == PK
        Point publicKeySum = round2.publicKeyShare;
        Point instanceSum = round2.instancePoint;
        for (SignRound2.Broadcast b : broadcasts.values()) {
            publicKeySum = publicKeySum.add(b.publicKeyShare());
            instanceSum = instanceSum.add(b.instancePoint());
        }
        if (!publicKeySum.equals(round1.input.context().publicKey())) {
            throw Dkls23Abort.unattributed(new AbortReason.PublicKeyMismatch(), signSid);
        }
        // g. R, r_x; R.x ≥ q would allow recovery ids 2/3, so it is a (negligible) retry.
        if (instanceSum.isInfinity()) {
            throw Dkls23Abort.unattributed(new AbortReason.Retry("R is the point at infinity"), signSid);
        }
        BigInteger x = instanceSum.affineX();
        if (x.compareTo(Secp256k1.ORDER) >= 0) {
            throw Dkls23Abort.unattributed(new AbortReason.Retry("R.x is not below q"), signSid);
        }
        if (x.signum() == 0) {
            throw Dkls23Abort.unattributed(new AbortReason.Retry("r_x is zero"), signSid);
        }
        // h. Φ_i, u_i, v_i
        Scalar phi = round2.inversionMask;
        Scalar bigPhi = phi;
        for (SignRound2.Direct d : directs.values()) {
            bigPhi = bigPhi.add(d.psi());
        }
        Scalar u = round2.instanceKey.multiply(bigPhi);
        Scalar v = round2.secretKeyShare.multiply(bigPhi);
        for (PartyId j : broadcasts.keySet()) {
            Scalar[] c = round2.senderShares.get(j);
            Scalar[] dShares = receiverShares.get(j);
            u = u.add(c[0]).add(dShares[0]);
            v = v.add(c[1]).add(dShares[1]);
        }
        // j. E2 over (R_k, pk_k), P ascending (message-independent, computed here).
        Map<PartyId, SignRound2.Broadcast> all = new TreeMap<>(broadcasts);
        all.put(round2.self, new SignRound2.Broadcast(round2.instancePoint, new byte[32],
                round2.publicKeyShare, new byte[32]));
        ByteArrayOutputStream points = new ByteArrayOutputStream();
        for (SignRound2.Broadcast b : all.values()) {
            points.writeBytes(b.instancePoint().encode());
            points.writeBytes(b.publicKeyShare().encode());
        }
        byte[] echo2 = Dkls23Hash.h("sign/echo2", signSid, points.toByteArray());
        return new PresignatureValues(round1.input.context(), signSid, round2.self, instanceSum, x,
                phi, u, v, echo2);
    }
}
