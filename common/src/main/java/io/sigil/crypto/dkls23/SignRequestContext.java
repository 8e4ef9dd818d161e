package io.sigil.crypto.dkls23;

import io.sigil.crypto.ec.Point;
import java.util.Objects;

/**
 * Everything the parties of one signing (or presignature) session agree on before round 1: the
 * {@code new_party} data and the user's signed request (spec §1.5, §6.1). {@code digest} is the
 * 32-byte message digest {@code e}, or empty for a presignature (§7).
 */
public record SignRequestContext(String networkId, long epoch, String userId, String keyId,
        Point publicKey, int threshold, int committeeCount, SigningParty party, String requestId,
        long attempt, long expiryUnixSeconds, byte[] digest) {

    public SignRequestContext {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(digest, "digest");
        if (digest.length != 0 && digest.length != SessionIds.DIGEST_LENGTH) {
            throw new IllegalArgumentException("digest must be 32 bytes, or empty for a presignature");
        }
        digest = digest.clone();
    }

    public boolean isPresignature() {
        return digest.length == 0;
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** {@code sign_sid} of spec §1.5. */
    public byte[] signSid() {
        return SessionIds.signSid(networkId, epoch, userId, keyId, publicKey, threshold,
                committeeCount, party, requestId, attempt, expiryUnixSeconds, digest);
    }
}
