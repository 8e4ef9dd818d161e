package io.sigil.crypto.dkls23.sign;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import java.math.BigInteger;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.util.BigIntegers;

/**
 * Step 10 items 3–5 (spec §6.5): exact verification {@code s·R == z·G + r_x·PK}, the standard
 * ECDSA verification with Bouncy Castle's {@link ECDSASigner}, low-s normalisation with the
 * matching recovery id, and a local check that recovery with that id gives {@code PK}.
 *
 * <p>The exact verification and the recovery check are one equation, so one combined
 * multiplication decides both: recovery computes {@code PK' = r^{-1}·(s'·R' − z·G)} with
 * {@code R'} the point of x = {@code r_x} and parity {@code recid}. Since {@code R.x = r_x}
 * (checked here; {@code R.x ≥ q} was a retry in step 9 g), {@code R'} is {@code R} when
 * {@code s} stays and {@code −R} when low-s negates it ({@code recid} flips with it), so
 * {@code s'·R' = s·R} and {@code PK' == PK} holds exactly when {@code s·R == z·G + r_x·PK}.
 */
final class SignatureOutput {

    private SignatureOutput() {
    }

    static EcdsaSignature verifyAndNormalise(Point instancePoint, BigInteger rx, Scalar s,
            byte[] digest, Point publicKey, byte[] signSid) throws Dkls23Abort {
        Scalar z = Scalar.reduce(digest);
        Scalar r = Scalar.fromBigInteger(rx);
        if (!instancePoint.affineX().equals(rx) || !bouncyCastleVerifies(publicKey, digest, rx, s.toBigInteger())) {
            throw Dkls23Abort.unattributed(new AbortReason.SignatureInvalid(), signSid);
        }
        int recoveryId = instancePoint.isYOdd() ? 1 : 0;
        Scalar lowS = s;
        if (s.isHigh()) {
            lowS = s.negate();
            recoveryId = 1 - recoveryId;
        }
        // The local recovery check, and with it the exact s·R == z·G + r_x·PK (class comment).
        if (!recover(rx, lowS, recoveryId, z).equals(publicKey)) {
            throw Dkls23Abort.unattributed(new AbortReason.SignatureInvalid(), signSid);
        }
        return new EcdsaSignature(r, lowS, recoveryId);
    }

    static boolean bouncyCastleVerifies(Point publicKey, byte[] digest, BigInteger r, BigInteger s) {
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(publicKey.toEcPoint(), Secp256k1.domain()));
        return verifier.verifySignature(digest, r, s);
    }

    /**
     * {@code PK' = r^{-1}·(s·R' − z·G)} with {@code R'} the point of x = r and parity recid,
     * computed as {@code (s/r)·R' + (−z/r)·G} in one combined multiplication.
     */
    static Point recover(BigInteger rx, Scalar s, int recoveryId, Scalar z) {
        byte[] encoded = new byte[33];
        encoded[0] = (byte) (recoveryId == 1 ? 0x03 : 0x02);
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, rx), 0, encoded, 1, 32);
        try {
            Point candidate = Point.decode(encoded);
            Scalar rInverse = Scalar.fromBigInteger(rx).invert();
            return Point.sumOfProducts(s.multiply(rInverse), candidate, z.multiply(rInverse).negate(),
                    Point.generator());
        } catch (InvalidEncodingException e) {
            return Point.infinity();
        }
    }
}
