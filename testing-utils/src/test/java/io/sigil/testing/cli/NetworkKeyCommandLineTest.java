package io.sigil.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.user.AccountFile;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.json.Json;
import io.sigil.testing.protocol.Verifiers;
import io.sigil.wire.WireFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sigil user new} generates the key on the network by default (keygen §2): it prints the
 * public key, address and chain code, records a network key (no private key) in the account file,
 * and {@code sigil sign} then signs under it.
 */
class NetworkKeyCommandLineTest {

    @Test
    void userNewGeneratesOnTheNetworkAndTheKeySigns(@TempDir Path directory) throws Exception {
        try (Devnet devnet = Devnet.start(directory.resolve("net"), DevnetPlan.DEFAULT)) {
            Path account = directory.resolve("account.json");
            String pin = devnet.layout().directory().resolve("pin.json").toString();
            CommandRun created = CommandRun.of("user", "new", "--network", devnet.entryUrl(), "--pin", pin,
                    "--key-id", "main", "--out", account.toString(), "--json");
            assertThat(created.exitCode()).as(created.err()).isZero();
            var result = Json.mapper().readTree(created.out());
            assertThat(result.get("complete").asBoolean()).isTrue();
            assertThat(result.get("origin").asString()).isEqualTo("network");
            Point publicKey = WireFields.point("publicKey", result.get("publicKey").asString());
            assertThat(result.get("address").asString()).isEqualTo(EthereumAddress.fromPublicKey(publicKey));
            assertThat(WireFields.hex("chainCode", result.get("chainCode").asString(), 32)).hasSize(32);

            AccountFile file = AccountFile.load(account);
            AccountFile.KeyEntry entry = file.key("main").orElseThrow();
            assertThat(entry.origin()).isEqualTo("network");
            assertThat(entry.chainCode()).isEqualTo(result.get("chainCode").asString());
            assertThat(Files.readString(account)).doesNotContain("privateKey").doesNotContain("shard");

            CommandRun signed = CommandRun.of("sign", "--network", devnet.entryUrl(), "--account", account.toString(),
                    "--message", "network key", "--json");
            assertThat(signed.exitCode()).as(signed.err()).isZero();
            var signature = Json.mapper().readTree(signed.out());
            byte[] digest = MessageDigests.eip191PersonalSign("network key".getBytes(StandardCharsets.UTF_8));
            EcdsaSignature parsed = EcdsaSignature.parse65(WireFields.hex("signature",
                    signature.get("signature").asString(), 65));
            Verifiers.assertValid(parsed, publicKey, digest);
            assertThat(signature.get("address").asString()).isEqualTo(entry.address());
        }
    }
}
