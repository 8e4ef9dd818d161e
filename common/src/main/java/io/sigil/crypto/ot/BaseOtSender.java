package io.sigil.crypto.ot;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Bob's side of the base OT of one direction (spec §3.3): Bob is the base-OT <em>sender</em> and
 * later the OT-extension receiver. One {@code β} serves all κ instances.
 *
 * <p>Single use: {@link #finish} may be called once; afterwards {@code β} is dropped.
 */
public final class BaseOtSender {

    private final byte[] sid;
    private final BaseOtSenderMessage message;
    private Scalar beta;

    private BaseOtSender(byte[] sid, Scalar beta, BaseOtSenderMessage message) {
        this.sid = sid;
        this.beta = beta;
        this.message = message;
    }

    /** {@code sid = dir_sid(Bob→Alice)}, 32 bytes. */
    public static BaseOtSender start(byte[] sid, SecureRandom rng) {
        BaseOtHashes.checkSid(sid);
        Scalar beta = Scalar.random(rng);
        Scalar rho = Scalar.random(rng);
        Point z = Point.baseMultiply(beta);
        Point k = Point.baseMultiply(rho);
        Scalar c = BaseOtHashes.dlogChallenge(sid, z, k);
        Scalar sigma = rho.add(c.multiply(beta));
        return new BaseOtSender(sid.clone(), beta, new BaseOtSenderMessage(z, k, sigma));
    }

    /** {@code (Z, K, σ_Z)} for S1 part a. */
    public BaseOtSenderMessage message() {
        return message;
    }

    /**
     * Runs "Bob's checks on Alice's message" and derives {@code seed0_k, seed1_k}.
     *
     * @throws BaseOtException culprit Alice (abort row 14)
     */
    public synchronized ExtensionReceiverSeeds finish(BaseOtReceiverMessage fromAlice) throws BaseOtException {
        Scalar b = takeBeta();
        return derive(b, verify(sid, fromAlice).message());
    }

    /** {@link #finish(BaseOtReceiverMessage)} for a message already checked by {@link #verify} under this direction. */
    public synchronized ExtensionReceiverSeeds finish(VerifiedMessage<BaseOtReceiverMessage> checked) {
        if (!checked.isFor(sid)) {
            throw new IllegalArgumentException("the message was checked for another direction");
        }
        return derive(takeBeta(), checked.message());
    }

    private Scalar takeBeta() {
        if (beta == null) {
            throw new IllegalStateException("base OT sender already finished or destroyed");
        }
        Scalar b = beta;
        beta = null;
        return b;
    }

    private ExtensionReceiverSeeds derive(Scalar b, BaseOtReceiverMessage fromAlice) {
        byte[] seedH = fromAlice.seedH();
        byte[][] seed0 = new byte[OtParameters.KAPPA][];
        byte[][] seed1 = new byte[OtParameters.KAPPA][];
        try {
            for (int k = 0; k < OtParameters.KAPPA; k++) {
                BaseOtReceiverMessage.Instance instance = fromAlice.instances().get(k);
                Point h = BaseOtHashes.instancePoint(sid, k, seedH);
                seed0[k] = BaseOtHashes.output(sid, k, 0, instance.v().multiply(b));
                seed1[k] = BaseOtHashes.output(sid, k, 1, instance.v().subtract(h).multiply(b));
            }
            return ExtensionReceiverSeeds.of(seed0, seed1);
        } finally {
            wipe(seed0);
            wipe(seed1);
        }
    }

    /**
     * "Bob's checks on Alice's message" alone, with no secret of Bob's: lets a node refuse a bad
     * message before it spends anything on its own (the checks are repeated by {@link #finish}).
     */
    public static VerifiedMessage<BaseOtReceiverMessage> verify(byte[] sid, BaseOtReceiverMessage fromAlice)
            throws BaseOtException {
        byte[] seedH = fromAlice.seedH();
        if (seedH.length != OtParameters.SEED_BYTES || fromAlice.instances().size() != OtParameters.KAPPA) {
            throw new BaseOtException(BaseOtException.Reason.WRONG_SIZE, -1);
        }
        for (int k = 0; k < OtParameters.KAPPA; k++) {
            verifyInstance(sid, k, BaseOtHashes.instancePoint(sid, k, seedH), fromAlice.instances().get(k));
        }
        return new VerifiedMessage<>(sid, fromAlice);
    }

    private static void verifyInstance(byte[] sid, int k, Point h, BaseOtReceiverMessage.Instance instance)
            throws BaseOtException {
        Point u = instance.u();
        Point v = instance.v();
        // U = O or V ∈ {O, h} would make one of Bob's outputs a publicly known constant (§9.6).
        if (u.isInfinity() || v.isInfinity() || v.equals(h)) {
            throw new BaseOtException(BaseOtException.Reason.INVALID_POINT, k);
        }
        Point a0 = Point.baseMultiply(instance.z0()).subtract(v.multiply(instance.e0()));
        Point b0 = h.multiply(instance.z0()).subtract(u.multiply(instance.e0()));
        Point vMinusH = v.subtract(h);
        Point a1 = Point.baseMultiply(instance.z1()).subtract(vMinusH.multiply(instance.e1()));
        Point b1 = h.multiply(instance.z1()).subtract(u.multiply(instance.e1()));
        if (a0.isInfinity() || b0.isInfinity() || a1.isInfinity() || b1.isInfinity()) {
            throw new BaseOtException(BaseOtException.Reason.OR_PROOF_INVALID, k);
        }
        Scalar e = BaseOtHashes.orChallenge(sid, k, h, u, v, a0, b0, a1, b1);
        if (!instance.e0().add(instance.e1()).equals(e)) {
            throw new BaseOtException(BaseOtException.Reason.OR_PROOF_INVALID, k);
        }
    }

    /** Drops {@code β} without finishing (e.g. when the setup aborts). */
    public synchronized void destroy() {
        beta = null;
    }

    private static void wipe(byte[][] seeds) {
        for (byte[] seed : seeds) {
            if (seed != null) {
                Arrays.fill(seed, (byte) 0);
            }
        }
    }

    @Override
    public String toString() {
        return "BaseOtSender[redacted]";
    }
}
