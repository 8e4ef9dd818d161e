package io.sigil.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.sign.StubManager;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.json.Json;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What you sign is what you see: {@code --message @FILE} is the literal text (picocli's
 * {@code @file} expansion once signed the file's contents silently), files are read only through
 * {@code --message-file} (or stdin with {@code -}), and the output names the signed message's
 * length and SHA-256.
 */
class MessageSourceTest {
    private static final String SECRET_CONTENT = "transfer 1000 ETH to 0xattacker";
    private final Scalar privateKey = Scalar.fromLong(123456789L);
    private final Point publicKey = Point.baseMultiply(privateKey);

    private Path accountFile(Path directory) throws Exception {
        return SignCommandTest.accountFile(directory, publicKey);
    }

    private static String eip191(String text) {
        return WireFields.toHex(MessageDigests.eip191PersonalSign(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha256(String text) {
        return WireFields.toHex(MessageDigests.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anAtArgumentIsSignedLiterallyNotAsTheFileItNames(@TempDir Path directory) throws Exception {
        Path account = accountFile(directory);
        Path file = Files.writeString(directory.resolve("x"), SECRET_CONTENT);
        String literal = "@" + file;
        try (StubManager manager = new StubManager("cm-1", StubManager.signingWith(privateKey))) {
            VerifyCommandTest.Run run = VerifyCommandTest.run("sign", "--network", manager.view().url(),
                    "--pin", SignCommandTest.pinFile(manager, directory),
                    "--account", account.toString(), "--message", literal, "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            Map<?, ?> json = Json.read(run.out(), Map.class);
            assertThat(json.get("messageHash")).isEqualTo(eip191(literal)).isNotEqualTo(eip191(SECRET_CONTENT));
            assertThat(json.get("messageBytes")).isEqualTo(literal.getBytes(StandardCharsets.UTF_8).length);
            assertThat(json.get("messageSha256")).isEqualTo(sha256(literal));
        }
        assertThat(SigilCommand.commandLine().isExpandAtFiles()).isFalse();
    }

    @Test
    void messageFileSignsTheFileAndPrintsItsLengthAndHash(@TempDir Path directory) throws Exception {
        Path account = accountFile(directory);
        Path file = Files.writeString(directory.resolve("message.txt"), SECRET_CONTENT);
        try (StubManager manager = new StubManager("cm-1", StubManager.signingWith(privateKey))) {
            VerifyCommandTest.Run text = VerifyCommandTest.run("sign", "--network", manager.view().url(),
                    "--pin", SignCommandTest.pinFile(manager, directory),
                    "--account", account.toString(), "--message-file", file.toString());

            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).contains("messageHash: " + eip191(SECRET_CONTENT))
                    .contains("message:     " + SECRET_CONTENT.length() + " bytes, sha256 " + sha256(SECRET_CONTENT));

            VerifyCommandTest.Run hashOnly = VerifyCommandTest.run("sign", "--network", manager.view().url(),
                    "--pin", SignCommandTest.pinFile(manager, directory),
                    "--account", account.toString(), "--hash", "0x" + "ab".repeat(32), "--json");
            Map<?, ?> json = Json.read(hashOnly.out(), Map.class);
            assertThat(json.containsKey("messageBytes")).isTrue();
            assertThat(json.get("messageBytes")).isNull();
        }
    }

    @Test
    void aDashReadsTheMessageFromStandardInput(@TempDir Path directory) throws Exception {
        Path account = accountFile(directory);
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream("from stdin\nline two".getBytes(StandardCharsets.UTF_8)));
        try (StubManager manager = new StubManager("cm-1", StubManager.signingWith(privateKey))) {
            VerifyCommandTest.Run run = VerifyCommandTest.run("sign", "--network", manager.view().url(),
                    "--pin", SignCommandTest.pinFile(manager, directory),
                    "--account", account.toString(), "--message-file", "-", "--hash-rule", "keccak256", "--json");

            assertThat(run.exitCode()).as(run.err()).isZero();
            Map<?, ?> json = Json.read(run.out(), Map.class);
            assertThat(json.get("messageHash")).isEqualTo(WireFields.toHex(
                    MessageDigests.keccak256("from stdin\nline two".getBytes(StandardCharsets.UTF_8))));
            assertThat(json.get("messageSha256")).isEqualTo(sha256("from stdin\nline two"));
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void aFileOverTheLimitOrNotUtf8IsRefusedBeforeAnythingIsSent(@TempDir Path directory) throws Exception {
        Path account = accountFile(directory);
        Path large = Files.writeString(directory.resolve("large"), "x".repeat(SignRequest.MAX_MESSAGE_BYTES + 1));
        Path binary = Files.write(directory.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});

        VerifyCommandTest.Run tooLong = VerifyCommandTest.run("sign", "--network", "http://127.0.0.1:1",
                "--account", account.toString(), "--message-file", large.toString());
        assertThat(tooLong.exitCode()).isEqualTo(1);
        assertThat(tooLong.err()).contains("longer than " + SignRequest.MAX_MESSAGE_BYTES + " bytes");

        VerifyCommandTest.Run notText = VerifyCommandTest.run("sign", "--network", "http://127.0.0.1:1",
                "--account", account.toString(), "--message-file", binary.toString());
        assertThat(notText.exitCode()).isEqualTo(1);
        assertThat(notText.err()).contains("not UTF-8 text");

        VerifyCommandTest.Run both = VerifyCommandTest.run("sign", "--network", "http://127.0.0.1:1",
                "--account", account.toString(), "--message", "a", "--message-file", large.toString());
        assertThat(both.exitCode()).isEqualTo(2);
    }
}
