package io.sigil.wire.user;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hash.Encoding;
import io.sigil.identity.AccountKey;
import io.sigil.identity.SignatureKey;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.time.Instant;
import java.util.Optional;

/**
 * delete_user: the user asks every node to erase its shard of {@code (user, key)}. Signed by the
 * account key over the network id and epoch, the key's public key ({@code publicKey}, 33-byte
 * compressed hex), an expiry ({@code expiresAt}, epoch seconds) and a nonce (16 bytes hex). The
 * node refuses a request for another network or epoch and one whose public key is not the key it
 * stored, so a delete captured elsewhere (another network, or an earlier key that had the same
 * id) erases nothing here. {@code accountKey} (32 bytes hex) is not signed: it must be the key
 * {@code userId} is derived from, so it is bound anyway; it lets a replica that never stored the
 * key authenticate the deletion and keep it as a tombstone (docs/keygen.md §6.3). Absent in
 * requests of older clients, which such a replica answers {@code 404}.
 */
public record DeleteUserRequest(String networkId, long epoch, String userId, String keyId, String publicKey,
                                long expiresAt, String nonce, String accountKey, String signature) {
    /** How far in the future an expiry may lie: a request is meant to be used at once. */
    public static final long MAX_LIFETIME_SECONDS = 3600;

    public static byte[] signedMessage(NetworkBinding network, String userId, String keyId, Point publicKey,
                                       long expiresAt, byte[] nonce) {
        return network.start("sigil/delete-user/v2")
                .appendString("user", userId)
                .appendString("key", keyId)
                .appendPoint("public-key", publicKey)
                .append("expires-at", Encoding.u64(expiresAt))
                .append("nonce", nonce)
                .digest();
    }

    /** Checks form and freshness (not the signature: that needs the stored account key). */
    public void checkForm(Instant now) {
        checkFormIgnoringExpiry();
        NetworkBinding.requireFresh(expiresAt, now, MAX_LIFETIME_SECONDS);
    }

    /**
     * The form without the expiry: for a request kept in a tombstone as the user's proof of the
     * deletion and shown to a replica later (keygen §3.7).
     */
    public void checkFormIgnoringExpiry() {
        WireFields.identifier("networkId", networkId);
        if (epoch < 0) {
            throw new WireFormatException("epoch", "must not be negative");
        }
        WireFields.identifier("userId", userId);
        WireFields.identifier("keyId", keyId);
        WireFields.point("publicKey", publicKey);
        WireFields.hex("nonce", nonce, 16);
        if (accountKey != null && !AccountKey.userIdOf(WireFields.publicKey("accountKey", accountKey)).equals(userId)) {
            throw new WireFormatException("accountKey", "is not the account key of user " + WireFields.printable(userId));
        }
        WireFields.hex("signature", signature, 64);
    }

    /** The account key the request states (checked against {@code userId} by {@link #checkForm}), if any. */
    public Optional<PublicKeyBytes> statedAccountKey() {
        return accountKey == null ? Optional.empty() : Optional.of(WireFields.publicKey("accountKey", accountKey));
    }

    /** The network the request names (checked by the receiver against its registry). */
    public NetworkBinding network() {
        return new NetworkBinding(networkId, epoch);
    }

    /** The decoded public key the request names. */
    public Point publicKeyPoint() {
        return WireFields.point("publicKey", publicKey);
    }

    public boolean isSignedBy(SignatureKey accountKey) {
        try {
            return accountKey.verifies(signedMessage(network(), userId, keyId, publicKeyPoint(), expiresAt,
                            WireFields.hex("nonce", nonce, 16)),
                    WireFields.hex("signature", signature, 64));
        } catch (IllegalArgumentException | NullPointerException malformed) {
            return false;
        }
    }
}
