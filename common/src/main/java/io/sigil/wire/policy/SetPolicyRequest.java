package io.sigil.wire.policy;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.identity.AccountKey;
import io.sigil.identity.SignatureKey;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * set_policy (docs/policies.md): the user sets or replaces the CEL policy of one key. Relayed by
 * each committee's leader to every node like delete_user; every node checks the account signature
 * against the account key it stored, compiles the expression and stores it. Bound to the network
 * ({@code networkId}, {@code epoch} of the registry) so a request cannot be replayed on another
 * network or epoch; {@code version} must exceed every version the node holds for the key.
 * {@code locked} policies name {@code delaySeconds}: a later replacement takes effect only that
 * long after it was accepted. {@code expiresAt} epoch seconds, {@code nonce} 16 bytes hex.
 */
public record SetPolicyRequest(String userId, String keyId, String networkId, long epoch, long version,
                               String expression, boolean locked, long delaySeconds, long expiresAt, String nonce,
                               String signature) {
    public static final long MAX_LIFETIME_SECONDS = 3600;
    /** A policy is compiled by every node on every set; its source is bounded so that stays cheap. */
    public static final int MAX_EXPRESSION_CHARS = 16 * 1024;
    /** A lock delay of more than 30 days would make a mistake permanent for too long. */
    public static final long MAX_DELAY_SECONDS = 30L * 24 * 3600;

    public static byte[] signedMessage(String userId, String keyId, String networkId, long epoch, long version,
                                       String expression, boolean locked, long delaySeconds, long expiresAt,
                                       byte[] nonce) {
        return Transcript.start("sigil/set-policy/v1")
                .appendString("user", userId)
                .appendString("key", keyId)
                .appendString("network", networkId)
                .append("epoch", Encoding.u64(epoch))
                .append("version", Encoding.u64(version))
                .append("expression", expression.getBytes(StandardCharsets.UTF_8))
                .append("locked", new byte[] {(byte) (locked ? 1 : 0)})
                .append("delay-seconds", Encoding.u64(delaySeconds))
                .append("expires-at", Encoding.u64(expiresAt))
                .append("nonce", nonce)
                .digest();
    }

    /** A request signed by {@code account}. */
    public static SetPolicyRequest sign(AccountKey account, String keyId, String networkId, long epoch, long version,
                                        String expression, boolean locked, long delaySeconds, long expiresAt,
                                        byte[] nonce) {
        byte[] signed = signedMessage(account.userId(), keyId, networkId, epoch, version, expression, locked,
                delaySeconds, expiresAt, nonce);
        return new SetPolicyRequest(account.userId(), keyId, networkId, epoch, version, expression, locked,
                delaySeconds, expiresAt, WireFields.toHex(nonce), WireFields.toHex(account.sign(signed)));
    }

    /** Checks form and freshness (not the signature, nor that the expression compiles). */
    public void checkForm(Instant now) {
        WireFields.identifier("userId", userId);
        WireFields.identifier("keyId", keyId);
        if (networkId == null || networkId.isBlank()) {
            throw new WireFormatException("networkId", "missing");
        }
        if (version < 1) {
            throw new WireFormatException("version", "must be at least 1");
        }
        if (expression == null || expression.isBlank()) {
            throw new WireFormatException("expression", "missing");
        }
        if (expression.length() > MAX_EXPRESSION_CHARS) {
            throw new WireFormatException("expression", "longer than " + MAX_EXPRESSION_CHARS + " characters");
        }
        if (delaySeconds < 0 || delaySeconds > MAX_DELAY_SECONDS) {
            throw new WireFormatException("delaySeconds", "must be between 0 and " + MAX_DELAY_SECONDS);
        }
        if (locked && delaySeconds == 0) {
            throw new WireFormatException("delaySeconds", "a locked policy must name a delay above 0");
        }
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
            return accountKey.verifies(signedMessage(userId, keyId, networkId, epoch, version, expression, locked,
                    delaySeconds, expiresAt, WireFields.hex("nonce", nonce, 16)), WireFields.hex("signature", signature, 64));
        } catch (WireFormatException | NullPointerException malformed) {
            return false;
        }
    }

    /** {@code H(expression)}, what a node's ack names so the client can tell it stored this policy. */
    public byte[] policyHash() {
        return policyHash(expression);
    }

    public static byte[] policyHash(String expression) {
        return Transcript.start("sigil/policy-hash/v1")
                .append("expression", expression.getBytes(StandardCharsets.UTF_8))
                .digest();
    }
}
