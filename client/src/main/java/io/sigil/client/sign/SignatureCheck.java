package io.sigil.client.sign;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignatureStatus;
import org.bouncycastle.util.BigIntegers;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Checks of a recoverable secp256k1 signature over a 32-byte digest: public-key recovery with the
 * signature's own recovery id, which must give back the expected key (so that Ethereum's
 * {@code ecrecover} yields the expected address), as one combined multiplication
 * ({@link Point#sumOfProducts}). That recovery also decides ECDSA verification (docs/security.md,
 * "The client's signature check"): recovery computes {@code Q = r⁻¹·(s·R' − z·G)} for the point
 * {@code R'} with {@code x = r} (plus {@code q} for recovery ids 2 and 3) and the id's parity, so
 * {@code Q == PK} means {@code s·R' = z·G + r·PK}, i.e. {@code R' = s⁻¹z·G + s⁻¹r·PK}, whose x
 * reduced mod {@code q} is {@code r}: exactly the ECDSA equation, with {@code r, s ∈ [1, q−1]}
 * (enforced by {@link EcdsaSignature}). Bouncy Castle's verifier runs only to word a refusal.
 */
public final class SignatureCheck {

    /** The outcome: {@code valid}, or why not; the key and address the signature recovers to, when it does. */
    public record Verdict(boolean valid, String reason, Point recoveredKey, String recoveredAddress, boolean lowS) {
    }

    private SignatureCheck() {
    }

    /** Valid when the signature recovers to {@code publicKey} (which implies that it verifies under it). */
    public static Verdict againstPublicKey(EcdsaSignature signature, Point publicKey, byte[] digest) {
        Point recovered = recover(signature, digest);
        String recoveredAddress = recovered == null ? null : EthereumAddress.fromPublicKey(recovered);
        if (publicKey.equals(recovered)) {
            return new Verdict(true, null, recovered, recoveredAddress, signature.isLowS());
        }
        // refused either way; the verifier only tells which reason to give
        if (!signature.verify(publicKey, digest)) {
            return new Verdict(false, "the signature does not verify under the public key", recovered,
                    recoveredAddress, signature.isLowS());
        }
        return new Verdict(false, "the signature verifies but its v (recovery id) recovers another key",
                recovered, recoveredAddress, signature.isLowS());
    }

    /** Valid when the key recovered from the signature verifies it and has {@code address}. */
    public static Verdict againstAddress(EcdsaSignature signature, byte[] address, byte[] digest) {
        Point recovered = recover(signature, digest);
        if (recovered == null) {
            return new Verdict(false, "no public key can be recovered from the signature", null, null, signature.isLowS());
        }
        // a recovered key always verifies the signature (the class comment's argument): no second check
        String recoveredAddress = EthereumAddress.fromPublicKey(recovered);
        if (!Arrays.equals(EthereumAddress.addressBytes(recovered), address)) {
            return new Verdict(false, "the signature recovers to " + recoveredAddress + ", not to "
                    + EthereumAddress.fromAddressBytes(address), recovered, recoveredAddress, signature.isLowS());
        }
        return new Verdict(true, null, recovered, recoveredAddress, signature.isLowS());
    }

    /**
     * SEC1 v2 §4.1.6 recovery with the signature's id, {@code Q = (s/r)·R' + (−z/r)·G} in one
     * combined multiplication; null when no key exists for this id.
     */
    static Point recover(EcdsaSignature signature, byte[] digest) {
        if (digest == null || digest.length != 32) {
            throw new IllegalArgumentException("ecdsa: the message digest must be exactly 32 bytes");
        }
        BigInteger x = signature.r().toBigInteger();
        if ((signature.recoveryId() & 2) != 0) {
            x = x.add(Secp256k1.ORDER);
        }
        if (x.compareTo(Secp256k1.FIELD_PRIME) >= 0) {
            return null;
        }
        byte[] encodedR = new byte[Point.ENCODED_LENGTH];
        encodedR[0] = (byte) (0x02 | (signature.recoveryId() & 1));
        System.arraycopy(BigIntegers.asUnsignedByteArray(32, x), 0, encodedR, 1, 32);
        Point bigR;
        try {
            bigR = Point.decode(encodedR);
        } catch (InvalidEncodingException notOnCurve) {
            return null;
        }
        Scalar rInverse = signature.r().invert();
        Point recovered = Point.sumOfProducts(signature.s().multiply(rInverse), bigR,
                Scalar.reduce(digest).multiply(rInverse).negate(), Point.generator());
        return recovered.isInfinity() ? null : recovered;
    }

    /**
     * The signature of a {@code done} status, after checking that its {@code r}, {@code s},
     * {@code v} agree with the 65 bytes, that it is low-s (the protocol always normalises), that
     * it verifies under {@code publicKey} over {@code digest}, and that it recovers to
     * {@code address}.
     */
    static EcdsaSignature verified(SignatureStatus status, Point publicKey, byte[] address, byte[] digest,
                                   Function<String, InvalidManagerAnswerException> blame)
            throws InvalidManagerAnswerException {
        EcdsaSignature signature;
        try {
            signature = EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), EcdsaSignature.RECOVERABLE_LENGTH));
            if (!Arrays.equals(WireFields.hex("r", status.r(), 32), signature.r().toBytes())
                    || !Arrays.equals(WireFields.hex("s", status.s(), 32), signature.s().toBytes())
                    || status.v() == null || status.v() != 27 + signature.recoveryId()) {
                throw blame.apply("answered r, s, v that disagree with its 65-byte signature");
            }
        } catch (IllegalArgumentException malformed) {
            throw blame.apply("answered a malformed signature (" + malformed.getMessage() + ")");
        }
        if (!signature.isLowS()) {
            throw blame.apply("answered a high-s signature, which the protocol never outputs");
        }
        Verdict verdict = againstPublicKey(signature, publicKey, digest);
        if (!verdict.valid()) {
            throw blame.apply("answered an invalid signature (" + verdict.reason() + ")");
        }
        if (!Arrays.equals(EthereumAddress.addressBytes(verdict.recoveredKey()), address)) {
            throw blame.apply("answered a signature that recovers to " + verdict.recoveredAddress()
                    + ", not to the key's address");
        }
        return signature;
    }
}
