package io.sigil.client.sign;

import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.wire.sign.SignRequest;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a text message becomes the 32-byte digest that is signed. The wire names are those of
 * {@link SignRequest}; every node of the party applies the rule itself, and the client applies it
 * too so that it can check the signature without trusting anyone's hashing.
 */
public enum HashRule {
    /** EIP-191 {@code personal_sign}: what wallets show as "sign message". The default. */
    EIP191(SignRequest.RULE_EIP191),
    KECCAK256(SignRequest.RULE_KECCAK256),
    SHA256(SignRequest.RULE_SHA256);

    private final String wireName;

    HashRule(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public byte[] digest(byte[] message) {
        return switch (this) {
            case EIP191 -> MessageDigests.eip191PersonalSign(message);
            case KECCAK256 -> MessageDigests.keccak256(message);
            case SHA256 -> MessageDigests.sha256(message);
        };
    }

    /** The rule named {@code name} (its wire name, any case). */
    public static HashRule named(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(rule -> rule.wireName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown hash rule '" + name + "': use one of "
                        + Arrays.stream(values()).map(HashRule::wireName).collect(Collectors.joining(", "))));
    }
}
