package io.sigil.wire.sign;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hd.DerivationPath;
import io.sigil.crypto.hd.DerivationRefusedException;
import io.sigil.crypto.hd.DerivedKey;
import io.sigil.crypto.hd.PublicDerivation;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.transcript.Transcript;
import io.sigil.eth.EthTransaction;
import io.sigil.identity.AccountKey;
import io.sigil.identity.SignatureKey;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A user's sign_request (design §4): which key signs, over which 32-byte digest {@code e}, until
 * when, signed by the user's account key. The digest is given either directly
 * ({@code messageHash}, 32 bytes hex) or as a UTF-8 {@code message} with a {@code hashRule}
 * ({@value #RULE_EIP191} when absent, {@value #RULE_KECCAK256} or {@value #RULE_SHA256}) that every
 * node applies itself, so nobody has to trust someone else's hashing. With {@value #RULE_ETH_TX}
 * the {@code message} is an unsigned Ethereum transaction as {@code 0x}-hex ({@link EthTransaction}):
 * every node decodes it, computes its signing hash and shows its fields to the key's policy.
 *
 * <p>Field encodings: {@code publicKey} 33-byte compressed secp256k1 point hex, {@code nonce}
 * 16 bytes hex, {@code accountKey} 32-byte Ed25519 public key hex, {@code signature} 64-byte hex,
 * {@code expiresAt} epoch seconds.
 *
 * <p>The manager checks the signature against the request's own {@code accountKey}; the nodes
 * check it against the account key they stored at new_user, which is what makes it binding.
 * {@code networkId} and {@code epoch} are signed too and both the manager and the nodes require
 * them to be their registry's, so a request captured on one network does not sign on another.
 *
 * <p>Optionally the request signs under a BIP32 child of the key (keygen §4.3): {@code derivationPath}
 * ({@code m/0/7}, non-hardened, at most 8 indices) and {@code chainCode} (the key's 32-byte chain
 * code, hex) come together; both are then signed, after the account key, so a request without them
 * keeps its bytes. Every receiver derives the child itself; nodes also check the chain code is the
 * one they hold for the key. The public key stays the parent's: it names the key and picks the party.
 */
public record SignRequest(String networkId, long epoch, String userId, String keyId, String publicKey, int threshold, String messageHash,
                          String message, String hashRule, long expiresAt, String nonce, String accountKey,
                          String signature,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String derivationPath,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String chainCode) {
    public static final String RULE_EIP191 = "eip191";
    public static final String RULE_KECCAK256 = "keccak256";
    public static final String RULE_SHA256 = "sha256";
    public static final String RULE_ETH_TX = "eth-tx";
    /** A message is hashed by every node of the party; its size is bounded so that stays cheap. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** How far in the future an expiry may lie: a request is meant to be served at once. */
    public static final long MAX_LIFETIME_SECONDS = 3600;
    public static final int NONCE_LENGTH = 16;
    public static final int MAX_THRESHOLD = 255;
    private static final int REQUEST_ID_BYTES = 16;

    /**
     * The bytes the account key signs: every field but the signature, length-prefixed. Exactly
     * one of {@code messageHash} and {@code message} is non-null; {@code hashRule} is the
     * effective rule (an absent rule signs as {@value #RULE_EIP191}) and is ignored with a hash.
     */
    public static byte[] signedMessage(NetworkBinding network, String userId, String keyId, Point publicKey, int threshold, byte[] messageHash,
                                       String message, String hashRule, long expiresAt, byte[] nonce,
                                       PublicKeyBytes accountKey) {
        return signedMessage(network, userId, keyId, publicKey, threshold, messageHash, message, hashRule, expiresAt,
                nonce, accountKey, null);
    }

    /** As above, and under the child of {@code derivation} when it is non-null (appended last). */
    public static byte[] signedMessage(NetworkBinding network, String userId, String keyId, Point publicKey, int threshold, byte[] messageHash,
                                       String message, String hashRule, long expiresAt, byte[] nonce,
                                       PublicKeyBytes accountKey, Derivation derivation) {
        if ((messageHash == null) == (message == null)) {
            throw new IllegalArgumentException("exactly one of messageHash and message is required");
        }
        Transcript transcript = network.start("sigil/sign-request/v2")
                .appendString("user", userId)
                .appendString("key", keyId)
                .appendPoint("public-key", publicKey)
                .appendU32("threshold", threshold);
        if (messageHash != null) {
            transcript.appendString("form", "hash").append("message-hash", messageHash);
        } else {
            transcript.appendString("form", "message")
                    .append("message", message.getBytes(StandardCharsets.UTF_8))
                    .appendString("hash-rule", hashRule == null ? RULE_EIP191 : hashRule);
        }
        transcript.append("expires-at", Encoding.u64(expiresAt))
                .append("nonce", nonce)
                .append("account-key", accountKey.toBytes());
        if (derivation != null) {
            transcript.append("derivation-path", derivation.encodedPath()).append("chain-code", derivation.chainCode());
        }
        return transcript.digest();
    }

    /** A request over a ready 32-byte digest, signed by {@code account}. */
    public static SignRequest forDigest(NetworkBinding network, AccountKey account, String keyId, Point publicKey,
                                        int threshold, byte[] messageHash, long expiresAt, byte[] nonce) {
        return forDigest(network, account, keyId, publicKey, threshold, messageHash, expiresAt, nonce, null);
    }

    /** As above, under the child of {@code derivation} when it is non-null. */
    public static SignRequest forDigest(NetworkBinding network, AccountKey account, String keyId, Point publicKey,
                                        int threshold, byte[] messageHash, long expiresAt, byte[] nonce,
                                        Derivation derivation) {
        byte[] signed = signedMessage(network, account.userId(), keyId, publicKey, threshold, messageHash, null, null,
                expiresAt, nonce, account.publicKey(), derivation);
        return new SignRequest(network.networkId(), network.epoch(), account.userId(), keyId,
                WireFields.pointHex(publicKey), threshold, WireFields.toHex(messageHash), null, null, expiresAt, WireFields.toHex(nonce),
                account.publicKey().toHex(), WireFields.toHex(account.sign(signed)), Derivation.pathText(derivation),
                Derivation.chainCodeHex(derivation));
    }

    /** A request over a UTF-8 message that the nodes hash with {@code hashRule}, signed by {@code account}. */
    public static SignRequest forMessage(NetworkBinding network, AccountKey account, String keyId, Point publicKey,
                                         int threshold, String message, String hashRule, long expiresAt, byte[] nonce) {
        return forMessage(network, account, keyId, publicKey, threshold, message, hashRule, expiresAt, nonce, null);
    }

    /** As above, under the child of {@code derivation} when it is non-null. */
    public static SignRequest forMessage(NetworkBinding network, AccountKey account, String keyId, Point publicKey,
                                         int threshold, String message, String hashRule, long expiresAt, byte[] nonce,
                                         Derivation derivation) {
        byte[] signed = signedMessage(network, account.userId(), keyId, publicKey, threshold, null, message, hashRule,
                expiresAt, nonce, account.publicKey(), derivation);
        return new SignRequest(network.networkId(), network.epoch(), account.userId(), keyId,
                WireFields.pointHex(publicKey), threshold, null, message,
                hashRule, expiresAt, WireFields.toHex(nonce), account.publicKey().toHex(),
                WireFields.toHex(account.sign(signed)), Derivation.pathText(derivation),
                Derivation.chainCodeHex(derivation));
    }

    /**
     * Checks the form of every field and the freshness of the request (not the signature).
     *
     * @throws WireFormatException naming the first malformed field
     */
    public void checkForm(Instant now) {
        WireFields.identifier("networkId", networkId);
        if (epoch < 0) {
            throw new WireFormatException("epoch", "must not be negative");
        }
        String user = WireFields.identifier("userId", userId);
        WireFields.identifier("keyId", keyId);
        publicKeyPoint();
        if (threshold < 2 || threshold > MAX_THRESHOLD) {
            throw new WireFormatException("threshold", "must be between 2 and " + MAX_THRESHOLD);
        }
        if ((messageHash == null) == (message == null)) {
            throw new WireFormatException("messageHash", "exactly one of messageHash and message is required");
        }
        if (messageHash != null) {
            WireFields.hex("messageHash", messageHash, 32);
            if (hashRule != null) {
                throw new WireFormatException("hashRule", "applies only to a message, not to a ready messageHash");
            }
        } else {
            if (message.length() > MAX_MESSAGE_BYTES
                    || message.getBytes(StandardCharsets.UTF_8).length > MAX_MESSAGE_BYTES) {
                throw new WireFormatException("message", "longer than " + MAX_MESSAGE_BYTES + " bytes of UTF-8");
            }
            if (RULE_ETH_TX.equals(effectiveRule())) {
                EthTransaction.decode(message);
            }
        }
        NetworkBinding.requireFresh(expiresAt, now, MAX_LIFETIME_SECONDS);
        WireFields.hex("nonce", nonce, NONCE_LENGTH);
        PublicKeyBytes account = WireFields.publicKey("accountKey", accountKey);
        if (!AccountKey.userIdOf(account).equals(user)) {
            throw new WireFormatException("userId", "is not the id of this account key");
        }
        WireFields.hex("signature", signature, 64);
        derivation().ifPresent(derivation -> childOf(derivation));
    }

    /**
     * The derivation the request asks for, checked: a path without a chain code or the reverse,
     * a malformed or hardened path are refused naming the field.
     */
    public Optional<Derivation> derivation() {
        if (derivationPath == null && chainCode == null) {
            return Optional.empty();
        }
        if (derivationPath == null) {
            throw new WireFormatException("derivationPath", "is required with a chainCode");
        }
        if (chainCode == null) {
            throw new WireFormatException("chainCode", "is required with a derivationPath");
        }
        DerivationPath path;
        try {
            path = DerivationPath.parse(derivationPath);
        } catch (DerivationRefusedException refused) {
            throw new WireFormatException("derivationPath", refused.getMessage());
        }
        if (path.depth() == 0) {
            throw new WireFormatException("derivationPath", "names no index (sign without a path for the key itself)");
        }
        return Optional.of(new Derivation(path, WireFields.hex("chainCode", chainCode, PublicDerivation.CHAIN_CODE_LENGTH)));
    }

    /**
     * The key the signature is made and checked under: the child of the derivation, or the
     * request's public key when there is none.
     */
    public Point signingKey() {
        return derivation().map(derivation -> childOf(derivation).publicKey()).orElseGet(this::publicKeyPoint);
    }

    /**
     * The child key and its tweak δ (public); the path is refused when BIP32 gives no valid child.
     * Derived once per key, chain code and path ({@link DecodedPublicKeys}).
     */
    public DerivedKey childOf(Derivation derivation) {
        return DecodedPublicKeys.child(publicKey, derivation, () -> {
            try {
                return PublicDerivation.derive(publicKeyPoint(), derivation.chainCode(), derivation.path());
            } catch (DerivationRefusedException refused) {
                throw new WireFormatException("derivationPath", refused.getMessage());
            }
        });
    }

    /** True when {@code key} signed exactly this request; false on any malformed field. */
    public boolean isSignedBy(SignatureKey key) {
        try {
            return key.verifies(signedMessage(), WireFields.hex("signature", signature, 64));
        } catch (IllegalArgumentException | NullPointerException malformed) {
            return false;
        }
    }

    /** True when the request's own {@code accountKey} signed it (the nodes use their stored key instead). */
    public boolean verifiesWithOwnAccountKey() {
        try {
            return isSignedBy(SignatureKey.of(WireFields.publicKey("accountKey", accountKey)));
        } catch (IllegalArgumentException | NullPointerException malformed) {
            return false;
        }
    }

    /** The 32-byte digest {@code e} that is signed: the given hash, or the rule applied to the message. */
    public byte[] digest() {
        if (messageHash != null) {
            return WireFields.hex("messageHash", messageHash, 32);
        }
        if (message == null) {
            throw new WireFormatException("messageHash", "exactly one of messageHash and message is required");
        }
        if (RULE_ETH_TX.equals(effectiveRule())) {
            return EthTransaction.decode(message).signingHash();
        }
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        return switch (effectiveRule()) {
            case RULE_EIP191 -> MessageDigests.eip191PersonalSign(text);
            case RULE_KECCAK256 -> MessageDigests.keccak256(text);
            case RULE_SHA256 -> MessageDigests.sha256(text);
            default -> throw new IllegalStateException("unreachable: rule checked by effectiveRule");
        };
    }

    /** The rule that turns the message into the digest, when the request carries a message. */
    public Optional<String> messageRule() {
        return message == null ? Optional.empty() : Optional.of(effectiveRule());
    }

    /** The decoded unsigned transaction of an {@value #RULE_ETH_TX} request. */
    public Optional<EthTransaction> transaction() {
        return messageRule().filter(RULE_ETH_TX::equals).map(rule -> EthTransaction.decode(message));
    }

    /** The network the request names (the receiver checks it against its registry). */
    public NetworkBinding network() {
        return new NetworkBinding(networkId, epoch);
    }

    /** The decoded, validated signing public key (decoded once per key, {@link DecodedPublicKeys}). */
    public Point publicKeyPoint() {
        return DecodedPublicKeys.decode(publicKey);
    }

    /**
     * {@code "r" || hex(first 16 bytes of H("sigil/request-id/v1", signed message, signature))}:
     * the same request (a replay) always has the same id, and no one but the user can make a
     * different valid request with a given id.
     */
    public String requestId() {
        byte[] digest = Transcript.start("sigil/request-id/v1")
                .append("signed-message", signedMessage())
                .append("signature", WireFields.hex("signature", signature, 64))
                .digest();
        return "r" + HexFormat.of().formatHex(digest, 0, REQUEST_ID_BYTES);
    }

    /** The bytes the account key signed, from this request's fields. */
    public byte[] signedMessage() {
        return signedMessage(network(), userId, keyId, publicKeyPoint(), threshold,
                messageHash == null ? null : WireFields.hex("messageHash", messageHash, 32), message,
                messageHash == null ? effectiveRule() : null, expiresAt, WireFields.hex("nonce", nonce, NONCE_LENGTH),
                WireFields.publicKey("accountKey", accountKey), derivation().orElse(null));
    }

    private String effectiveRule() {
        String rule = hashRule == null ? RULE_EIP191 : hashRule;
        return switch (rule) {
            case RULE_EIP191, RULE_KECCAK256, RULE_SHA256, RULE_ETH_TX -> rule;
            default -> throw new WireFormatException("hashRule", "must be one of " + RULE_EIP191 + ", "
                    + RULE_KECCAK256 + ", " + RULE_SHA256 + ", " + RULE_ETH_TX);
        };
    }
}
