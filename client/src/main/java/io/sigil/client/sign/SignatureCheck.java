package io.sigil.client.sign;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignatureStatus;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Checks of a recoverable secp256k1 signature over a 32-byte digest, done with Bouncy Castle
 * through {@link EcdsaSignature}: ECDSA verification against the public key, and public-key
 * recovery with the signature's own recovery id, which must give back that key (so that
 * Ethereum's {@code ecrecover} yields the expected address).
 */
public final class SignatureCheck {

    /** The outcome: {@code valid}, or why not; the key and address the signature recovers to, when it does. */
    public record Verdict(boolean valid, String reason, Point recoveredKey, String recoveredAddress, boolean lowS) {
    }

    private SignatureCheck() {
    }

    /** Valid when the signature verifies under {@code publicKey} and recovers to it. */
    public static Verdict againstPublicKey(EcdsaSignature signature, Point publicKey, byte[] digest) {
        Point recovered = recover(signature, digest);
        String recoveredAddress = recovered == null ? null : EthereumAddress.fromPublicKey(recovered);
        if (!signature.verify(publicKey, digest)) {
            return new Verdict(false, "the signature does not verify under the public key", recovered,
                    recoveredAddress, signature.isLowS());
        }
        if (!publicKey.equals(recovered)) {
            return new Verdict(false, "the signature verifies but its v (recovery id) recovers another key",
                    recovered, recoveredAddress, signature.isLowS());
        }
        return new Verdict(true, null, recovered, recoveredAddress, signature.isLowS());
    }

    /** Valid when the key recovered from the signature verifies it and has {@code address}. */
    public static Verdict againstAddress(EcdsaSignature signature, byte[] address, byte[] digest) {
        Point recovered = recover(signature, digest);
        if (recovered == null) {
            return new Verdict(false, "no public key can be recovered from the signature", null, null, signature.isLowS());
        }
        String recoveredAddress = EthereumAddress.fromPublicKey(recovered);
        if (!signature.verify(recovered, digest)) {
            return new Verdict(false, "the signature does not verify under the key it recovers to", recovered,
                    recoveredAddress, signature.isLowS());
        }
        if (!Arrays.equals(EthereumAddress.addressBytes(recovered), address)) {
            return new Verdict(false, "the signature recovers to " + recoveredAddress + ", not to "
                    + EthereumAddress.fromAddressBytes(address), recovered, recoveredAddress, signature.isLowS());
        }
        return new Verdict(true, null, recovered, recoveredAddress, signature.isLowS());
    }

    private static Point recover(EcdsaSignature signature, byte[] digest) {
        try {
            return signature.recoverPublicKey(digest);
        } catch (IllegalArgumentException noKey) {
            return null;
        }
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
