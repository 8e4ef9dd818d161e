package io.sigil.client.cli;

import io.sigil.client.sign.HashRule;
import io.sigil.client.sign.MessageInput;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * {@code (--message TEXT [--hash-rule R] | --hash HEX | --tx HEX)}: what {@code sign} signs and
 * {@code verify} checks, as an exclusive picocli argument group.
 */
final class MessageOptions {
    @ArgGroup(exclusive = false)
    Text text;

    @Option(names = "--hash", paramLabel = "HEX", description = "A ready 32-byte digest (64 hex digits), signed as given.")
    String hash;

    @Option(names = "--tx", paramLabel = "HEX", description = "An unsigned Ethereum transaction (0x-hex: legacy in its "
            + "EIP-155 signing form, EIP-2930 or EIP-1559), hashed by every node (eth-tx).")
    String transaction;

    static final class Text {
        @Option(names = "--message", paramLabel = "TEXT", required = true, description = "A UTF-8 message.")
        String message;

        @Option(names = "--hash-rule", paramLabel = "RULE", defaultValue = "eip191",
                description = "How the message is hashed: eip191 (personal_sign, default), keccak256 or sha256.")
        String hashRule;
    }

    MessageInput input() {
        if (hash != null) {
            return MessageInput.hashHex(hash);
        }
        if (transaction != null) {
            return MessageInput.transaction(transaction);
        }
        return MessageInput.text(text.message, HashRule.named(text.hashRule));
    }
}
