package io.sigil.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.json.Json;
import io.sigil.wire.WireFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sigil user new}, {@code sign}, {@code verify} and {@code bench} through the command line against an in-JVM devnet. */
class SignCommandLineTest {
    private static final String WEB3_KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    private static final String WEB3_ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void anImportedKeySignsThroughTheNetworkAndVerifyAcceptsExactlyThatSignature(@TempDir Path directory) throws Exception {
        try (Devnet devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0))) {
            Path account = directory.resolve("account.json");
            String pin = devnet.layout().directory().resolve("pin.json").toString();
            CommandRun created = run("user", "new", "--network", devnet.entryUrl(), "--pin", pin, "--import-key", WEB3_KEY,
                    "--key-id", "main", "--out", account.toString());
            assertThat(created.exitCode()).as(created.err()).isZero();

            CommandRun signed = run("sign", "--network", devnet.entryUrl(), "--account", account.toString(),
                    "--message", "Some data", "--json");
            assertThat(signed.exitCode()).as(signed.err()).isZero();
            var result = Json.mapper().readTree(signed.out());
            assertThat(result.get("status").asString()).isEqualTo("done");
            assertThat(result.get("address").asString()).isEqualTo(WEB3_ADDRESS);
            assertThat(result.get("messageHash").asString()).isEqualTo(WireFields.toHex(
                    MessageDigests.eip191PersonalSign("Some data".getBytes(StandardCharsets.UTF_8))));
            String signature = result.get("signature").asString();

            CommandRun valid = run("verify", "--address", WEB3_ADDRESS, "--message", "Some data", "--signature", signature);
            assertThat(valid.exitCode()).as(valid.out()).isZero();
            assertThat(valid.out()).startsWith("valid: signed by " + WEB3_ADDRESS);
            byte[] tampered = WireFields.hex("signature", signature, 65);
            tampered[10] ^= 0x01;
            CommandRun invalid = run("verify", "--address", WEB3_ADDRESS, "--message", "Some data",
                    "--signature", WireFields.toHex(tampered));
            assertThat(invalid.exitCode()).isEqualTo(1);
            assertThat(invalid.out()).startsWith("invalid: ");

            CommandRun byHash = run("sign", "--network", devnet.entryUrl(), "--account", account.toString(), "--key-id", "main",
                    "--message", "Some data", "--hash-rule", "sha256");
            assertThat(byHash.exitCode()).as(byHash.err()).isZero();
            assertThat(byHash.out()).contains("messageHash: " + WireFields.toHex(
                    MessageDigests.sha256("Some data".getBytes(StandardCharsets.UTF_8)))).contains("address:     " + WEB3_ADDRESS);

            CommandRun bench = run("bench", "--network", devnet.entryUrl(), "--pin", pin, "--users", "2", "--clients", "2", "--requests", "1",
                    "--json");
            assertThat(bench.exitCode()).as(bench.out() + bench.err()).isZero();
            var measured = Json.mapper().readTree(bench.out());
            assertThat(measured.get("signatures").asInt()).isEqualTo(2);
            assertThat(measured.get("failed").asInt()).isZero();
            assertThat(measured.get("memory").get("scope").asString()).contains("client's JVM only");
            assertThat(measured.get("cpu").get("scope").asString()).contains("client's JVM only");

            // --dealt keeps the dealer path (new_user) for the keys it signs with
            CommandRun dealtBench = run("bench", "--network", devnet.entryUrl(), "--pin", pin, "--users", "1", "--clients",
                    "1", "--requests", "1", "--dealt", "--json");
            assertThat(dealtBench.exitCode()).as(dealtBench.out() + dealtBench.err()).isZero();
            assertThat(Json.mapper().readTree(dealtBench.out()).get("signatures").asInt()).isEqualTo(1);
        }
    }
}
