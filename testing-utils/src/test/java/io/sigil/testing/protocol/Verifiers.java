package io.sigil.testing.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Independent checks of a threshold signature: BC's lightweight {@link ECDSASigner}; the JCA
 * {@code NONEwithECDSA} of Bouncy Castle's provider (the JDK 25 SunEC provider has no secp256k1:
 * it was removed in JDK 16); OpenSSL's {@code pkeyutl -verify} when the binary exists; public-key
 * recovery with {@code recid}; the Ethereum address; low-s.
 */
public final class Verifiers {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private Verifiers() {
    }

    public static void assertValid(EcdsaSignature signature, Point publicKey, byte[] digest) throws Exception {
        BigInteger r = signature.r().toBigInteger();
        BigInteger s = signature.s().toBigInteger();
        assertTrue(bouncyCastle(publicKey, digest, r, s), "BC ECDSASigner");
        assertTrue(jca(publicKey, digest, r, s), "JCA NONEwithECDSA (BC provider)");
        assertTrue(s.compareTo(Secp256k1.HALF_ORDER) <= 0, "low-s");
        assertTrue(signature.recoveryId() == 0 || signature.recoveryId() == 1, "recid in {0,1}");
        // ecrecover(e, v = 27 + recid, r, s)
        Point recovered = EcdsaSignature.parse65(signature.toBytes65()).recoverPublicKey(digest);
        assertEquals(publicKey, recovered, "recovery with recid");
        assertArrayEquals(EthereumAddress.addressBytes(publicKey), EthereumAddress.addressBytes(recovered));
        // A wrong digest must not verify (the verifiers are not vacuous).
        byte[] other = digest.clone();
        other[0] ^= 1;
        assertFalse(bouncyCastle(publicKey, other, r, s));
        assertFalse(jca(publicKey, other, r, s));
    }

    static boolean bouncyCastle(Point publicKey, byte[] digest, BigInteger r, BigInteger s) {
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, new ECPublicKeyParameters(publicKey.toEcPoint(), Secp256k1.domain()));
        return verifier.verifySignature(digest, r, s);
    }

    static PublicKey jcaKey(Point publicKey) throws Exception {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC", BC);
        parameters.init(new ECGenParameterSpec("secp256k1"));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        java.security.spec.ECPoint w = new java.security.spec.ECPoint(publicKey.affineX(), publicKey.affineY());
        return KeyFactory.getInstance("EC", BC).generatePublic(new ECPublicKeySpec(w, spec));
    }

    static byte[] der(BigInteger r, BigInteger s) throws IOException {
        ASN1EncodableVector vector = new ASN1EncodableVector();
        vector.add(new ASN1Integer(r));
        vector.add(new ASN1Integer(s));
        return new DERSequence(vector).getEncoded();
    }

    static boolean jca(Point publicKey, byte[] digest, BigInteger r, BigInteger s) throws Exception {
        Signature verifier = Signature.getInstance("NONEwithECDSA", BC);
        verifier.initVerify(jcaKey(publicKey));
        verifier.update(digest);
        return verifier.verify(der(r, s));
    }

    static boolean opensslAvailable() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** OpenSSL {@code pkeyutl -verify} on the raw digest; an independent implementation. */
    static boolean openssl(Point publicKey, byte[] digest, EcdsaSignature signature) throws Exception {
        Path dir = Files.createTempDirectory("sigil-openssl");
        try {
            Path key = Files.write(dir.resolve("key.der"), jcaKey(publicKey).getEncoded());
            Path data = Files.write(dir.resolve("digest.bin"), digest);
            Path sig = Files.write(dir.resolve("sig.der"),
                    der(signature.r().toBigInteger(), signature.s().toBigInteger()));
            Process process = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-keyform",
                    "DER", "-inkey", key.toString(), "-in", data.toString(), "-sigfile", sig.toString())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0
                    && output.contains("Signature Verified Successfully");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }
}
