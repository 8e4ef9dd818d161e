package io.sigil.node.keygen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sigil.identity.AccountKey;
import io.sigil.wire.keygen.NewKeyRequest;
import org.junit.jupiter.api.Test;

/** The node's memo of verified new_key signatures: only the very bytes verified before pass unverified. */
class VerifiedRequestsTest {
    private static final long EXPIRES_AT = 2_000_000_000L;

    private static NewKeyRequest request(AccountKey account, String keyId) {
        return NewKeyRequest.sign(account, "net", 1, keyId, 2, EXPIRES_AT, new byte[NewKeyRequest.NONCE_LENGTH]);
    }

    @Test
    void aVerifiedRequestIsRememberedButNoAlteredCopyOfIt() {
        VerifiedRequests verified = new VerifiedRequests();
        AccountKey account = AccountKey.generate();
        NewKeyRequest genuine = request(account, "k1");

        assertTrue(verified.verifies(genuine));
        assertTrue(verified.verifies(genuine), "again, from the memo");
        assertEquals(1, verified.size());

        // another field under the same signature: another id, verified, refused, not remembered
        NewKeyRequest otherKey = new NewKeyRequest(genuine.networkId(), genuine.epoch(), genuine.userId(), "k2",
                genuine.accountKey(), genuine.threshold(), genuine.expiresAt(), genuine.nonce(), genuine.signature());
        assertFalse(verified.verifies(otherKey));
        // a flipped signature over the same fields: another id too
        char last = genuine.signature().charAt(127);
        NewKeyRequest flipped = new NewKeyRequest(genuine.networkId(), genuine.epoch(), genuine.userId(),
                genuine.keyId(), genuine.accountKey(), genuine.threshold(), genuine.expiresAt(), genuine.nonce(),
                genuine.signature().substring(0, 127) + (last == '0' ? '1' : '0'));
        assertFalse(verified.verifies(flipped));
        // signed by another account key under this account's name
        NewKeyRequest stranger = request(AccountKey.generate(), "k1");
        NewKeyRequest misnamed = new NewKeyRequest(genuine.networkId(), genuine.epoch(), genuine.userId(),
                genuine.keyId(), genuine.accountKey(), genuine.threshold(), genuine.expiresAt(), genuine.nonce(),
                stranger.signature());
        assertFalse(verified.verifies(misnamed));
        assertEquals(1, verified.size());
    }

    @Test
    void expiredRequestsAreForgotten() {
        VerifiedRequests verified = new VerifiedRequests();
        verified.verifies(request(AccountKey.generate(), "k1"));
        verified.sweep(EXPIRES_AT - 1);
        assertEquals(1, verified.size());
        verified.sweep(EXPIRES_AT);
        assertEquals(0, verified.size());
    }
}
