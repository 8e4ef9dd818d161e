package io.sigil.client.sign;

import io.sigil.eth.EthTransaction;
import io.sigil.crypto.ec.Point;
import io.sigil.identity.AccountKey;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.Derivation;
import io.sigil.wire.sign.SignRequest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What to sign: a UTF-8 text with the {@link HashRule} that turns it into the digest, an unsigned
 * Ethereum transaction, or a ready 32-byte digest. A text travels as text, so the nodes hash it themselves.
 */
public sealed interface MessageInput {

    /** The 32-byte digest {@code e} that the network signs. */
    byte[] digest();

    /**
     * The sign_request for this input, signed by {@code account}; under the BIP32 child of
     * {@code derivation} when it is non-null (keygen §4.3).
     */
    SignRequest request(NetworkBinding network, AccountKey account, String keyId, Point publicKey, int threshold,
                        long expiresAt, byte[] nonce, Derivation derivation);

    /** {@code text} hashed with EIP-191 {@code personal_sign}. */
    static MessageInput text(String text) {
        return new Text(text, HashRule.EIP191);
    }

    static MessageInput text(String text, HashRule rule) {
        return new Text(text, rule);
    }

    /** A ready 32-byte digest, signed as given. */
    static MessageInput hash(byte[] digest) {
        return new Hash(digest);
    }

    /** A ready digest as 64 hex digits, with or without {@code 0x}. */
    static MessageInput hashHex(String hex) {
        return new Hash(WireFields.hex("hash", hex, 32));
    }

    /**
     * An unsigned Ethereum transaction ({@code 0x}-hex: a legacy transaction in its EIP-155 signing
     * form, or an EIP-2930 / EIP-1559 envelope), signed with the {@code eth-tx} rule: the nodes
     * decode it and compute its signing hash themselves. Malformed input is refused here already.
     */
    static MessageInput transaction(String hex) {
        return new Transaction(EthTransaction.decode(hex), hex);
    }

    record Transaction(EthTransaction transaction, String hex) implements MessageInput {
        @Override
        public byte[] digest() {
            return transaction.signingHash();
        }

        @Override
        public SignRequest request(NetworkBinding network, AccountKey account, String keyId, Point publicKey, int threshold,
                                   long expiresAt, byte[] nonce, Derivation derivation) {
            return SignRequest.forMessage(network, account, keyId, publicKey, threshold, hex, SignRequest.RULE_ETH_TX,
                    expiresAt, nonce, derivation);
        }
    }

    record Text(String text, HashRule rule) implements MessageInput {
        public Text {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(rule, "rule");
            if (text.getBytes(StandardCharsets.UTF_8).length > SignRequest.MAX_MESSAGE_BYTES) {
                throw new IllegalArgumentException("the message is longer than " + SignRequest.MAX_MESSAGE_BYTES
                        + " bytes of UTF-8; sign its hash instead");
            }
        }

        @Override
        public byte[] digest() {
            return rule.digest(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public SignRequest request(NetworkBinding network, AccountKey account, String keyId, Point publicKey, int threshold,
                                   long expiresAt, byte[] nonce, Derivation derivation) {
            return SignRequest.forMessage(network, account, keyId, publicKey, threshold, text, rule.wireName(), expiresAt,
                    nonce, derivation);
        }
    }

    record Hash(byte[] value) implements MessageInput {
        public Hash {
            if (value == null || value.length != 32) {
                throw new IllegalArgumentException("a message hash must be exactly 32 bytes");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public byte[] digest() {
            return value.clone();
        }

        @Override
        public SignRequest request(NetworkBinding network, AccountKey account, String keyId, Point publicKey, int threshold,
                                   long expiresAt, byte[] nonce, Derivation derivation) {
            return SignRequest.forDigest(network, account, keyId, publicKey, threshold, value.clone(), expiresAt, nonce,
                    derivation);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Hash hash && java.util.Arrays.equals(value, hash.value);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Hash[" + WireFields.toHex(value) + "]";
        }
    }
}
