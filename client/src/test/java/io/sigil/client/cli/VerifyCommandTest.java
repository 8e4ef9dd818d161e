package io.sigil.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.sign.TestSigner;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.json.Json;
import io.sigil.wire.WireFields;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VerifyCommandTest {
    /** The private key of web3.js's documentation example, and its well-known address. */
    private static final Scalar WEB3_KEY = Scalar.fromBytesNonZero(HexFormat.of()
            .parseHex("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"));
    private static final String WEB3_ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
    private static final String MESSAGE = "Some data";

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = SigilCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static String signatureOver(byte[] digest) {
        return WireFields.toHex(TestSigner.sign(WEB3_KEY, digest).toBytes65());
    }

    private static String flipped(String signatureHex, int byteIndex) {
        byte[] bytes = WireFields.hex("signature", signatureHex, 65);
        bytes[byteIndex] ^= 0x01;
        return WireFields.toHex(bytes);
    }

    @Test
    void theWeb3ExampleKeyHasTheWellKnownAddress() {
        assertThat(EthereumAddress.fromPublicKey(Point.baseMultiply(WEB3_KEY))).isEqualTo(WEB3_ADDRESS);
    }

    @Test
    void aPersonalSignSignatureIsValidForTheAddressAndInvalidWithAByteFlipped() {
        String signature = signatureOver(MessageDigests.eip191PersonalSign(MESSAGE.getBytes(StandardCharsets.UTF_8)));

        Run valid = run("verify", "--address", WEB3_ADDRESS, "--message", MESSAGE, "--signature", signature);
        assertThat(valid.exitCode()).as(valid.err()).isZero();
        assertThat(valid.out()).startsWith("valid: signed by " + WEB3_ADDRESS);

        for (int index : new int[] {0, 31, 40, 64}) {
            Run invalid = run("verify", "--address", WEB3_ADDRESS, "--message", MESSAGE, "--signature",
                    flipped(signature, index));
            assertThat(invalid.exitCode()).as("byte %d flipped", index).isEqualTo(1);
            assertThat(invalid.out()).as("byte %d flipped", index).startsWith("invalid: ");
        }
        Run otherMessage = run("verify", "--address", WEB3_ADDRESS, "--message", MESSAGE + ".", "--signature", signature);
        assertThat(otherMessage.exitCode()).isEqualTo(1);
        Run otherRule = run("verify", "--address", WEB3_ADDRESS, "--message", MESSAGE, "--hash-rule", "keccak256",
                "--signature", signature);
        assertThat(otherRule.exitCode()).isEqualTo(1);
    }

    @Test
    void eachHashRuleAndARawHashVerifyAgainstThePublicKeyWithJsonOutput() {
        String publicKey = WireFields.pointHex(Point.baseMultiply(WEB3_KEY));
        String uncompressed = WireFields.toHex(Point.baseMultiply(WEB3_KEY).encodeUncompressed());
        byte[] keccak = MessageDigests.keccak256(MESSAGE.getBytes(StandardCharsets.UTF_8));
        byte[] sha = MessageDigests.sha256(MESSAGE.getBytes(StandardCharsets.UTF_8));

        Run byKeccak = run("verify", "--public-key", publicKey, "--message", MESSAGE, "--hash-rule", "keccak256",
                "--signature", signatureOver(keccak), "--json");
        Run bySha = run("verify", "--public-key", uncompressed, "--message", MESSAGE, "--hash-rule", "sha256",
                "--signature", signatureOver(sha), "--json");
        Run byHash = run("verify", "--public-key", publicKey, "--hash", WireFields.toHex(sha),
                "--signature", signatureOver(sha), "--json");

        for (Run run : new Run[] {byKeccak, bySha, byHash}) {
            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            Map<?, ?> json = Json.read(run.out(), Map.class);
            assertThat(json.get("valid")).isEqualTo(true);
            assertThat(json.get("recoveredAddress")).isEqualTo(WEB3_ADDRESS);
            assertThat(json.get("lowS")).isEqualTo(true);
        }
        assertThat(Json.read(byHash.out(), Map.class).get("messageHash")).isEqualTo(WireFields.toHex(sha));
    }

    @Test
    void aSignatureByAnotherKeyOrWithTheWrongVIsInvalidForThePublicKey() {
        byte[] digest = MessageDigests.eip191PersonalSign(MESSAGE.getBytes(StandardCharsets.UTF_8));
        String publicKey = WireFields.pointHex(Point.baseMultiply(WEB3_KEY));
        EcdsaSignature good = TestSigner.sign(WEB3_KEY, digest);
        String wrongV = WireFields.toHex(new EcdsaSignature(good.r(), good.s(), good.recoveryId() ^ 1).toBytes65());
        String otherKey = WireFields.toHex(TestSigner.sign(Scalar.fromLong(7), digest).toBytes65());

        Run wrongRecovery = run("verify", "--public-key", publicKey, "--message", MESSAGE, "--signature", wrongV, "--json");
        assertThat(wrongRecovery.exitCode()).isEqualTo(1);
        assertThat(Json.read(wrongRecovery.out(), Map.class).get("valid")).isEqualTo(false);
        Run byOtherKey = run("verify", "--public-key", publicKey, "--message", MESSAGE, "--signature", otherKey);
        assertThat(byOtherKey.exitCode()).isEqualTo(1);
        assertThat(byOtherKey.out()).startsWith("invalid: the signature does not verify under the public key");
    }

    @Test
    void aMistypedChecksumAddressIsAnErrorNotAVerdict() {
        String signature = signatureOver(MessageDigests.eip191PersonalSign(MESSAGE.getBytes(StandardCharsets.UTF_8)));
        String badChecksum = "0x2C7536E3605D9C16a7a3D7b1898e529396a65c23";
        Run run = run("verify", "--address", badChecksum, "--message", MESSAGE, "--signature", signature);
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("EIP-55 checksum");
        Run lowerCase = run("verify", "--address", WEB3_ADDRESS.toLowerCase(), "--message", MESSAGE, "--signature", signature);
        assertThat(lowerCase.exitCode()).isZero();
    }

    @Test
    void messageAndHashAreExclusive() {
        Run run = run("verify", "--address", WEB3_ADDRESS, "--message", MESSAGE, "--hash", "0x" + "00".repeat(32),
                "--signature", "0x" + "00".repeat(65));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--message and --hash cannot be used together");
    }
}
