package io.sigil.client.cli;

import io.sigil.client.sign.HashRule;
import io.sigil.client.sign.MessageInput;
import io.sigil.wire.sign.SignRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * {@code ((--message TEXT | --message-file FILE) [--hash-rule R] | --hash HEX | --tx HEX)}: what
 * {@code sign} signs and {@code verify} checks, as an exclusive picocli argument group. A message is
 * taken literally: the command line does not expand {@code @file} arguments (see
 * {@link SigilCommand#commandLine()}), so reading a file is always the explicit
 * {@code --message-file} ({@code -} for standard input).
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
        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--hash-rule", paramLabel = "RULE", defaultValue = "eip191",
                description = "How the message is hashed: eip191 (personal_sign, default), keccak256 or sha256.")
        String hashRule;
    }

    static final class Source {
        @Option(names = "--message", paramLabel = "TEXT", description = "A UTF-8 message, taken literally "
                + "(at most " + SignRequest.MAX_MESSAGE_BYTES + " bytes).")
        String message;

        @Option(names = "--message-file", paramLabel = "FILE", description = "Read the UTF-8 message from FILE "
                + "(- for standard input; at most " + SignRequest.MAX_MESSAGE_BYTES + " bytes).")
        String messageFile;
    }

    MessageInput input() {
        if (hash != null) {
            return MessageInput.hashHex(hash);
        }
        if (transaction != null) {
            return MessageInput.transaction(transaction);
        }
        String message = text.source.message != null ? text.source.message : readMessageFile(text.source.messageFile);
        return MessageInput.text(message, HashRule.named(text.hashRule));
    }

    /** The file (or stdin) as strict UTF-8, refused when longer than a sign_request may carry. */
    private static String readMessageFile(String file) {
        byte[] bytes;
        try {
            if (file.equals("-")) {
                bytes = System.in.readNBytes(SignRequest.MAX_MESSAGE_BYTES + 1); // stdin stays open: not ours to close
            } else {
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    bytes = in.readNBytes(SignRequest.MAX_MESSAGE_BYTES + 1);
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the message file " + file + ": " + unreadable.getMessage(), unreadable);
        }
        if (bytes.length > SignRequest.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("the message in " + file + " is longer than " + SignRequest.MAX_MESSAGE_BYTES
                    + " bytes; sign its hash instead (--hash)");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException notText) {
            throw new IllegalArgumentException("the message in " + file + " is not UTF-8 text; sign its hash instead (--hash)");
        }
    }
}
