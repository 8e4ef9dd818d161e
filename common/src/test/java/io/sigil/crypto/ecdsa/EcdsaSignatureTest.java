package io.sigil.crypto.ecdsa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class EcdsaSignatureTest {

    private static final SecureRandom RNG = new SecureRandom();

    /** Signs with Bouncy Castle (RFC 6979 nonces); the recovery id is not known yet (0). */
    private static EcdsaSignature signWithBouncyCastle(Scalar key, byte[] digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(key.toBigInteger(), Secp256k1.domain()));
        BigInteger[] rs = signer.generateSignature(digest);
        return new EcdsaSignature(Scalar.fromBigInteger(rs[0]), Scalar.fromBigInteger(rs[1]), 0);
    }

    /** Textbook ECDSA with an explicit nonce, to know R and hence the recovery id. */
    private static EcdsaSignature signWithNonce(Scalar key, Scalar nonce, byte[] digest) {
        Point bigR = Point.baseMultiply(nonce);
        Scalar r = Scalar.fromBigInteger(bigR.affineX());
        Scalar z = Scalar.fromBigInteger(new BigInteger(1, digest));
        Scalar s = nonce.invert().multiply(z.add(r.multiply(key)));
        return new EcdsaSignature(r, s, EcdsaSignature.recoveryIdFor(bigR));
    }

    @RepeatedTest(10)
    void bouncyCastleSignaturesVerifyAndRecoverExactlyOneKey() {
        Scalar key = Scalar.random(RNG);
        Point publicKey = Point.baseMultiply(key);
        byte[] digest = MessageDigests.sha256(("message " + RNG.nextInt()).getBytes(StandardCharsets.UTF_8));
        EcdsaSignature signature = signWithBouncyCastle(key, digest).normalizeLowS();
        assertTrue(signature.isLowS());
        assertTrue(signature.verify(publicKey, digest));
        int matches = 0;
        int found = -1;
        for (int id = 0; id < 2; id++) {
            EcdsaSignature candidate = new EcdsaSignature(signature.r(), signature.s(), id);
            if (candidate.recoverPublicKey(digest).equals(publicKey)) {
                matches++;
                found = id;
            }
        }
        assertEquals(1, matches);
        EcdsaSignature recoverable = new EcdsaSignature(signature.r(), signature.s(), found);
        EcdsaSignature parsed = EcdsaSignature.parse65(recoverable.toBytes65());
        assertEquals(recoverable, parsed);
        assertEquals(EthereumAddress.fromPublicKey(publicKey),
                EthereumAddress.fromPublicKey(parsed.recoverPublicKey(digest)));
        byte[] otherDigest = digest.clone();
        otherDigest[0] ^= 1;
        assertFalse(signature.verify(publicKey, otherDigest));
        assertFalse(signature.verify(Point.baseMultiply(key.add(Scalar.ONE)), digest));
    }

    @RepeatedTest(10)
    void recoveryIdFromTheNoncePointAndLowSNormalisation() {
        Scalar key = Scalar.random(RNG);
        Point publicKey = Point.baseMultiply(key);
        byte[] digest = MessageDigests.keccak256(Scalar.random(RNG).toBytes());
        EcdsaSignature signature = signWithNonce(key, Scalar.random(RNG), digest);
        assertTrue(signature.verify(publicKey, digest));
        assertEquals(publicKey, signature.recoverPublicKey(digest));
        EcdsaSignature low = signature.normalizeLowS();
        assertTrue(low.isLowS());
        assertTrue(low.verify(publicKey, digest));
        assertEquals(publicKey, low.recoverPublicKey(digest));
        if (!signature.isLowS()) {
            assertEquals(signature.recoveryId() ^ 1, low.recoveryId());
            assertEquals(signature.s().negate(), low.s());
        } else {
            assertEquals(signature, low);
        }
    }

    @Test
    void digestAboveTheOrderIsReducedNotTruncated() {
        // z = int(e) mod q (spec §9.7); BC must agree for a digest >= q.
        byte[] digest = new byte[32];
        Arrays.fill(digest, (byte) 0xFF);
        assertTrue(new BigInteger(1, digest).compareTo(Secp256k1.ORDER) >= 0);
        Scalar key = Scalar.random(RNG);
        EcdsaSignature signature = signWithNonce(key, Scalar.random(RNG), digest);
        assertTrue(signature.verify(Point.baseMultiply(key), digest));
        assertEquals(Point.baseMultiply(key), signature.recoverPublicKey(digest));
        byte[] reduced = org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32,
                new BigInteger(1, digest).mod(Secp256k1.ORDER));
        assertTrue(signature.verify(Point.baseMultiply(key), reduced));
    }

    @Test
    void encodingsAndParsing() {
        EcdsaSignature signature = new EcdsaSignature(Scalar.fromLong(5), Scalar.fromLong(7), 1);
        byte[] bytes65 = signature.toBytes65();
        assertEquals(65, bytes65.length);
        assertEquals(28, bytes65[64]);
        assertEquals(5, bytes65[31]);
        assertEquals(7, bytes65[63]);
        assertArrayEquals(Arrays.copyOf(bytes65, 64), signature.toCompact64());
        bytes65[64] = 1;
        assertEquals(signature, EcdsaSignature.parse65(bytes65));
        bytes65[64] = 31;
        assertThrows(InvalidEncodingException.class, () -> EcdsaSignature.parse65(bytes65));
        bytes65[64] = 27;
        byte[] zeroR = bytes65.clone();
        Arrays.fill(zeroR, 0, 32, (byte) 0);
        assertThrows(InvalidEncodingException.class, () -> EcdsaSignature.parse65(zeroR));
        byte[] sTooLarge = bytes65.clone();
        System.arraycopy(org.bouncycastle.util.BigIntegers.asUnsignedByteArray(32, Secp256k1.ORDER), 0, sTooLarge, 32, 32);
        assertThrows(InvalidEncodingException.class, () -> EcdsaSignature.parse65(sTooLarge));
        assertThrows(InvalidEncodingException.class, () -> EcdsaSignature.parse65(new byte[64]));
        assertThrows(IllegalArgumentException.class, () -> new EcdsaSignature(Scalar.ONE, Scalar.ONE, 4));
        assertThrows(IllegalArgumentException.class, () -> signature.verify(Point.generator(), new byte[31]));
        assertNotEquals(signature, new EcdsaSignature(Scalar.fromLong(5), Scalar.fromLong(7), 0));
    }

    @Test
    void recoveryWithHighIdFailsForOrdinaryR() {
        Scalar key = Scalar.random(RNG);
        byte[] digest = MessageDigests.sha256(new byte[] {1});
        EcdsaSignature signature = signWithBouncyCastle(key, digest);
        // r + q exceeds p unless r < p − q (about 2^128), which a random r is not.
        EcdsaSignature highId = new EcdsaSignature(signature.r(), signature.s(), 2);
        assertThrows(IllegalArgumentException.class, () -> highId.recoverPublicKey(digest));
    }
}
