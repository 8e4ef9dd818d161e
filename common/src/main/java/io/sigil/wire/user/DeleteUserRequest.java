package io.sigil.wire.user;

import io.sigil.crypto.transcript.Transcript;
import io.sigil.crypto.hash.Encoding;
import io.sigil.identity.SignatureKey;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.time.Instant;

/**
 * delete_user: the user asks every node to erase its shard of {@code (user, key)}. Signed by the
 * account key; {@code expiresAt} (epoch seconds) bounds how long a captured request stays usable
 * and {@code nonce} (16 bytes hex) makes each request distinct.
 */
public record DeleteUserRequest(String userId, String keyId, long expiresAt, String nonce, String signature) {
    /** How far in the future an expiry may lie: a request is meant to be used at once. */
    public static final long MAX_LIFETIME_SECONDS = 3600;

    public static byte[] signedMessage(String userId, String keyId, long expiresAt, byte[] nonce) {
        return Transcript.start("sigil/delete-user/v1")
                .appendString("user", userId)
                .appendString("key", keyId)
                .append("expires-at", Encoding.u64(expiresAt))
                .append("nonce", nonce)
                .digest();
    }

    /** Checks form and freshness (not the signature: that needs the stored account key). */
    public void checkForm(Instant now) {
        WireFields.identifier("userId", userId);
        WireFields.identifier("keyId", keyId);
        WireFields.hex("nonce", nonce, 16);
        WireFields.hex("signature", signature, 64);
        if (expiresAt < now.getEpochSecond()) {
            throw new WireFormatException("expiresAt", "the request has expired");
        }
        if (expiresAt > now.getEpochSecond() + MAX_LIFETIME_SECONDS) {
            throw new WireFormatException("expiresAt", "lies more than " + MAX_LIFETIME_SECONDS + " s in the future");
        }
    }

    public boolean isSignedBy(SignatureKey accountKey) {
        try {
            return accountKey.verifies(signedMessage(userId, keyId, expiresAt, WireFields.hex("nonce", nonce, 16)),
                    WireFields.hex("signature", signature, 64));
        } catch (WireFormatException | NullPointerException malformed) {
            return false;
        }
    }
}
