package io.sigil.crypto.ot;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Alice's side of the base OT of one direction (spec §3.3): Alice is the base-OT
 * <em>receiver</em> with choice bits Δ, and later the OT-extension sender.
 *
 * <p>Per instance {@code k}: {@code U_k = y_k·h_k}, {@code V_k = y_k·G + Δ_k·h_k}, with a
 * Chaum–Pedersen OR-proof that {@code (V_k − j·h_k, U_k)} is a DH pair over {@code (G, h_k)} for some
 * {@code j ∈ {0,1}}. Single use: {@link #finish} may be called once; afterwards the exponents
 * {@code y_k} and Δ are wiped.
 */
public final class BaseOtReceiver {

    private final byte[] sid;
    private final byte[] delta;
    private Scalar[] exponents;
    private final BaseOtReceiverMessage message;

    private BaseOtReceiver(byte[] sid, byte[] delta, Scalar[] exponents, BaseOtReceiverMessage message) {
        this.sid = sid;
        this.delta = delta;
        this.exponents = exponents;
        this.message = message;
    }

    /** {@code sid = dir_sid(Bob→Alice)}, 32 bytes. */
    public static BaseOtReceiver start(byte[] sid, SecureRandom rng) {
        BaseOtHashes.checkSid(sid);
        byte[] delta = new byte[OtParameters.KAPPA_BYTES];
        rng.nextBytes(delta);
        byte[] seedH = new byte[OtParameters.SEED_BYTES];
        rng.nextBytes(seedH);
        Scalar[] exponents = new Scalar[OtParameters.KAPPA];
        List<BaseOtReceiverMessage.Instance> instances = new ArrayList<>(OtParameters.KAPPA);
        for (int k = 0; k < OtParameters.KAPPA; k++) {
            int bit = (delta[k >>> 3] >>> (k & 7)) & 1;
            Point h = BaseOtHashes.instancePoint(sid, k, seedH);
            Scalar y = Scalar.random(rng);
            exponents[k] = y;
            instances.add(prove(sid, k, bit, h, y, rng));
        }
        return new BaseOtReceiver(sid.clone(), delta, exponents, new BaseOtReceiverMessage(seedH, instances));
    }

    /** Builds {@code U_k, V_k} and the OR-proof, true branch {@code b = Δ_k}. */
    private static BaseOtReceiverMessage.Instance prove(byte[] sid, int k, int bit, Point h, Scalar y,
            SecureRandom rng) {
        Point u = h.multiply(y);
        Point yG = Point.baseMultiply(y);
        // Both candidates are computed and one is picked by index, so the work does not depend on Δ_k.
        Point[] vCandidates = {yG, yG.add(h)};
        Point v = vCandidates[bit];
        int other = 1 - bit;

        Scalar rho = Scalar.random(rng);
        Scalar eOther = Scalar.random(rng);
        Scalar zOther = Scalar.random(rng);
        Point aTrue = Point.baseMultiply(rho);
        Point bTrue = h.multiply(rho);
        Point[] vMinusJ = {v, v.subtract(h)};
        Point aOther = Point.baseMultiply(zOther).subtract(vMinusJ[other].multiply(eOther));
        Point bOther = h.multiply(zOther).subtract(u.multiply(eOther));

        Point[] a = new Point[2];
        Point[] b = new Point[2];
        a[bit] = aTrue;
        b[bit] = bTrue;
        a[other] = aOther;
        b[other] = bOther;
        Scalar e = BaseOtHashes.orChallenge(sid, k, h, u, v, a[0], b[0], a[1], b[1]);
        Scalar eTrue = e.subtract(eOther);
        Scalar zTrue = rho.add(eTrue.multiply(y));

        Scalar[] es = new Scalar[2];
        Scalar[] zs = new Scalar[2];
        es[bit] = eTrue;
        zs[bit] = zTrue;
        es[other] = eOther;
        zs[other] = zOther;
        return new BaseOtReceiverMessage.Instance(u, v, es[0], es[1], zs[0], zs[1]);
    }

    /** {@code (seed_h, (U_k, V_k, e0_k, e1_k, z0_k, z1_k)_k)} for S1 part b. */
    public BaseOtReceiverMessage message() {
        return message;
    }

    /**
     * Runs "Alice's checks on Bob's message" (Schnorr proof for {@code Z}) and derives
     * {@code seedΔ_k = H("bot/out"; sid, u32(k), u8(Δ_k), y_k·Z)}.
     *
     * @throws BaseOtException culprit Bob (abort row 14)
     */
    public synchronized ExtensionSenderSeeds finish(BaseOtSenderMessage fromBob) throws BaseOtException {
        if (exponents == null) {
            throw new IllegalStateException("base OT receiver already finished or destroyed");
        }
        Scalar[] ys = exponents;
        exponents = null;
        byte[][] chosen = new byte[OtParameters.KAPPA][];
        try {
            verify(sid, fromBob);
            Point z = fromBob.z();
            for (int i = 0; i < OtParameters.KAPPA; i++) {
                int bit = (delta[i >>> 3] >>> (i & 7)) & 1;
                chosen[i] = BaseOtHashes.output(sid, i, bit, z.multiply(ys[i]));
            }
            return ExtensionSenderSeeds.of(delta, chosen);
        } finally {
            Arrays.fill(delta, (byte) 0);
            for (byte[] seed : chosen) {
                if (seed != null) {
                    Arrays.fill(seed, (byte) 0);
                }
            }
        }
    }

    /** "Alice's checks on Bob's message" (the Schnorr proof for {@code Z}) alone, with no secret of Alice's. */
    public static void verify(byte[] sid, BaseOtSenderMessage fromBob) throws BaseOtException {
        Point z = fromBob.z();
        Point k = fromBob.k();
        if (z.isInfinity() || k.isInfinity()) {
            throw new BaseOtException(BaseOtException.Reason.INVALID_POINT, -1);
        }
        Scalar c = BaseOtHashes.dlogChallenge(sid, z, k);
        if (!Point.baseMultiply(fromBob.sigma()).equals(k.add(z.multiply(c)))) {
            throw new BaseOtException(BaseOtException.Reason.SCHNORR_PROOF_INVALID, -1);
        }
    }

    /** Test access only: {@code y_k} before {@link #finish} (for the negative test of §10 item 5). */
    Scalar exponentForTest(int k) {
        return exponents[k];
    }

    /** Drops the exponents and wipes Δ without finishing (e.g. when the setup aborts). */
    public synchronized void destroy() {
        exponents = null;
        Arrays.fill(delta, (byte) 0);
    }

    @Override
    public String toString() {
        return "BaseOtReceiver[redacted]";
    }
}
