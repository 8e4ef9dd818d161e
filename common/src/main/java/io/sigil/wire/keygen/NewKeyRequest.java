package io.sigil.wire.keygen;

import io.sigil.crypto.dkg.DkgParameters;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.AccountKey;
import io.sigil.identity.SignatureKey;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.SortedMap;

/**
 * A user's new_key request (keygen §2.1): make key {@code keyId} of threshold {@code t} on the
 * network without a dealer. Signed by the account key over every other field; bound to the
 * network's id and registry epoch so that it cannot be replayed on another network or after a
 * committee change. {@code nonce} 16 bytes hex, {@code accountKey} 32 bytes hex, {@code signature}
 * 64 bytes hex, {@code expiresAt} epoch seconds (at most one hour ahead, like sign_request).
 */
public record NewKeyRequest(String networkId, long epoch, String userId, String keyId, String accountKey,
                            int threshold, long expiresAt, String nonce, String signature) {
    public static final long MAX_LIFETIME_SECONDS = 3600;
    public static final int NONCE_LENGTH = 16;
    private static final int REQUEST_ID_BYTES = 16;

    /** The bytes the account key signs. */
    public static byte[] signedMessage(String networkId, long epoch, String userId, String keyId,
                                       PublicKeyBytes accountKey, int threshold, long expiresAt, byte[] nonce) {
        return new NetworkBinding(networkId, epoch).start("sigil/new-key/v1")
                .appendString("user", userId)
                .appendString("key", keyId)
                .append("account-key", accountKey.toBytes())
                .appendU32("threshold", threshold)
                .append("expires-at", Encoding.u64(expiresAt))
                .append("nonce", nonce)
                .digest();
    }

    /** A request signed by {@code account}. */
    public static NewKeyRequest sign(AccountKey account, String networkId, long epoch, String keyId, int threshold,
                                     long expiresAt, byte[] nonce) {
        byte[] signed = signedMessage(networkId, epoch, account.userId(), keyId, account.publicKey(), threshold,
                expiresAt, nonce);
        return new NewKeyRequest(networkId, epoch, account.userId(), keyId, account.publicKey().toHex(), threshold,
                expiresAt, WireFields.toHex(nonce), WireFields.toHex(account.sign(signed)));
    }

    /**
     * Checks every field's form, freshness, {@code userId ↔ accountKey}, and {@code 2 ≤ t ≤ n}
     * against the {@code committeeCount} of the receiver's registry (not the signature).
     *
     * @throws WireFormatException naming the first bad field
     */
    public void checkForm(Instant now, int committeeCount) {
        WireFields.identifier("networkId", networkId);
        String user = WireFields.identifier("userId", userId);
        WireFields.identifier("keyId", keyId);
        if (epoch < 0) {
            throw new WireFormatException("epoch", "must not be negative");
        }
        if (threshold < 2 || threshold > committeeCount) {
            throw new WireFormatException("threshold", "must be between 2 and the network's " + committeeCount
                    + " committees");
        }
        if (expiresAt < now.getEpochSecond()) {
            throw new WireFormatException("expiresAt", "the request has expired");
        }
        if (expiresAt > now.getEpochSecond() + MAX_LIFETIME_SECONDS) {
            throw new WireFormatException("expiresAt", "lies more than " + MAX_LIFETIME_SECONDS + " s in the future");
        }
        WireFields.hex("nonce", nonce, NONCE_LENGTH);
        PublicKeyBytes account = WireFields.publicKey("accountKey", accountKey);
        if (!AccountKey.userIdOf(account).equals(user)) {
            throw new WireFormatException("userId", "is not the id of this account key");
        }
        WireFields.hex("signature", signature, 64);
    }

    /** The request names exactly this network and registry epoch. */
    public void checkNetwork(NetworkBinding network) {
        network.require(networkId, epoch);
    }

    /** True when the request's own account key signed exactly these fields; false on any malformed field. */
    public boolean verifiesWithOwnAccountKey() {
        try {
            PublicKeyBytes account = WireFields.publicKey("accountKey", accountKey);
            return SignatureKey.of(account).verifies(signedMessage(), WireFields.hex("signature", signature, 64));
        } catch (IllegalArgumentException | NullPointerException malformed) {
            return false;
        }
    }

    public byte[] signedMessage() {
        return signedMessage(networkId, epoch, userId, keyId, WireFields.publicKey("accountKey", accountKey), threshold,
                expiresAt, WireFields.hex("nonce", nonce, NONCE_LENGTH));
    }

    /**
     * {@code "g" || hex(first 16 bytes of H("sigil/new-key-id/v1", signed message, signature))}: a
     * replay has the same id, and only the user can make another valid request with a given id.
     */
    public String requestId() {
        byte[] digest = Transcript.start("sigil/new-key-id/v1")
                .append("signed-message", signedMessage())
                .append("signature", WireFields.hex("signature", signature, 64))
                .digest();
        return "g" + HexFormat.of().formatHex(digest, 0, REQUEST_ID_BYTES);
    }

    /** The parameters of one attempt (keygen §2.2); {@code dkg_sid} binds every field of them. */
    public DkgParameters parameters(int committeeCount, SortedMap<Integer, String> contributors, int attempt) {
        return new DkgParameters(networkId, epoch, userId, keyId, WireFields.publicKey("accountKey", accountKey).toBytes(),
                threshold, committeeCount, contributors, requestId(), attempt, expiresAt);
    }
}
