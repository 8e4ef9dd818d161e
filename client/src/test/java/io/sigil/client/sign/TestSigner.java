package io.sigil.client.sign;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import java.math.BigInteger;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * Single-key ECDSA with Bouncy Castle (RFC 6979 deterministic nonces), low-s normalised, with the
 * recovery id found by recovering each candidate: what a correct network returns, made without one.
 */
public final class TestSigner {
    private TestSigner() {
    }

    public static EcdsaSignature sign(Scalar privateKey, byte[] digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(privateKey.toBigInteger(), Secp256k1.domain()));
        BigInteger[] rs = signer.generateSignature(digest);
        Point publicKey = Point.baseMultiply(privateKey);
        for (int recoveryId = 0; recoveryId < 4; recoveryId++) {
            EcdsaSignature candidate = new EcdsaSignature(Scalar.fromBigInteger(rs[0]), Scalar.fromBigInteger(rs[1]),
                    recoveryId).normalizeLowS();
            try {
                if (candidate.recoverPublicKey(digest).equals(publicKey)) {
                    return candidate;
                }
            } catch (IllegalArgumentException noKeyForThisId) {
                // try the next id
            }
        }
        throw new IllegalStateException("no recovery id recovers the signing key");
    }
}
