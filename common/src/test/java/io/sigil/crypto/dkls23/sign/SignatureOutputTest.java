package io.sigil.crypto.dkls23.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.dkls23.AbortReason;
import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Step 10 items 3–5 (spec §6.5): the recovery check stands in for the exact
 * {@code s·R == z·G + r_x·PK} as well, so it must refuse what only the exact check would refuse:
 * a negated {@code s} or a negated {@code R} pass Bouncy Castle's x-only verification.
 */
class SignatureOutputTest {

    private static final SecureRandom RNG = new SecureRandom();
    private static final byte[] SIGN_SID = new byte[32];

    @Test
    void anHonestSignatureComesOutLowSWithAWorkingRecoveryId() throws Dkls23Abort {
        for (int trial = 0; trial < 40; trial++) {
            Case c = new Case();
            EcdsaSignature signature = SignatureOutput.verifyAndNormalise(c.instancePoint, c.rx, c.s, c.digest,
                    c.publicKey, SIGN_SID);
            assertTrue(signature.verify(c.publicKey, c.digest));
            assertTrue(signature.s().toBigInteger().compareTo(Secp256k1.HALF_ORDER) <= 0);
            assertEquals(c.publicKey, SignatureOutput.recover(c.rx, signature.s(),
                    signature.recoveryId(), Scalar.reduce(c.digest)));
        }
    }

    @Test
    void aNegatedSOrANegatedRIsRefusedThoughTheXOnlyCheckPassesIt() {
        for (int trial = 0; trial < 20; trial++) {
            Case c = new Case();
            assertTrue(SignatureOutput.bouncyCastleVerifies(c.publicKey, c.digest, c.rx, c.s.negate().toBigInteger()));
            assertInvalid(() -> SignatureOutput.verifyAndNormalise(c.instancePoint, c.rx, c.s.negate(), c.digest,
                    c.publicKey, SIGN_SID));
            assertInvalid(() -> SignatureOutput.verifyAndNormalise(c.instancePoint.negate(), c.rx, c.s, c.digest,
                    c.publicKey, SIGN_SID));
        }
    }

    @Test
    void anRxThatIsNotTheXOfROrAWrongKeyIsRefused() {
        Case c = new Case();
        assertInvalid(() -> SignatureOutput.verifyAndNormalise(c.instancePoint, c.rx.add(BigInteger.ONE), c.s,
                c.digest, c.publicKey, SIGN_SID));
        assertInvalid(() -> SignatureOutput.verifyAndNormalise(c.instancePoint, c.rx, c.s, c.digest,
                c.publicKey.add(Point.generator()), SIGN_SID));
    }

    private static void assertInvalid(org.junit.jupiter.api.function.Executable call) {
        Dkls23Abort abort = assertThrows(Dkls23Abort.class, call);
        assertInstanceOf(AbortReason.SignatureInvalid.class, abort.reason());
    }

    /** A textbook signature: R = k·G, s = k^{-1}·(z + r_x·x). */
    private static final class Case {
        final Point publicKey;
        final Point instancePoint;
        final BigInteger rx;
        final Scalar s;
        final byte[] digest = new byte[32];

        Case() {
            RNG.nextBytes(digest);
            Scalar x = Scalar.random(RNG);
            publicKey = Point.baseMultiply(x);
            Scalar k = Scalar.random(RNG);
            instancePoint = Point.baseMultiply(k);
            rx = instancePoint.affineX(); // below q but with probability about 2^-128
            Scalar r = Scalar.fromBigInteger(rx);
            s = k.invert().multiply(Scalar.reduce(digest).add(r.multiply(x)));
        }
    }
}
