package io.sigil.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.sign.StubManager;
import io.sigil.client.user.AccountFile;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignatureStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sigil sign} against a stub manager (the whole network is exercised in testing-utils). */
class SignCommandTest {
    private final Scalar privateKey = Scalar.random(new SecureRandom());
    private final Point publicKey = Point.baseMultiply(privateKey);

    private Path accountFile(Path directory) throws Exception {
        return accountFile(directory, publicKey);
    }

    /** An account file holding one key {@code main} (2-of-3) with {@code publicKey}. */
    static Path accountFile(Path directory, Point publicKey) throws Exception {
        AccountKey account = AccountKey.generate();
        AccountFile.KeyEntry main = new AccountFile.KeyEntry("main", 2, 3, WireFields.pointHex(publicKey),
                EthereumAddress.fromPublicKey(publicKey), "0x00");
        Path file = directory.resolve("account.json");
        new AccountFile(AccountFile.FORMAT_V1, account.userId(), account.toSecretJson(), null, null, List.of(main), null,
                null).save(file);
        return file;
    }

    static String pinFile(StubManager manager, Path directory) throws Exception {
        Path file = directory.resolve("pin.json");
        manager.pin().save(file);
        return file.toString();
    }

    @Test
    void signPrintsAVerifiedSignatureThatVerifyAccepts(@TempDir Path directory) throws Exception {
        Path account = accountFile(directory);
        try (StubManager manager = new StubManager("cm-1", StubManager.signingWith(privateKey))) {
            VerifyCommandTest.Run signed = VerifyCommandTest.run("sign", "--network", manager.view().url(), "--pin", pinFile(manager, directory),
                    "--account", account.toString(), "--message", "transfer 5", "--json");

            assertThat(signed.exitCode()).as(signed.err()).isZero();
            Map<?, ?> json = Json.read(signed.out(), Map.class);
            assertThat(json.get("status")).isEqualTo("done");
            assertThat(json.get("keyId")).isEqualTo("main");
            assertThat(json.get("address")).isEqualTo(EthereumAddress.fromPublicKey(publicKey));
            assertThat(json.get("messageHash")).isEqualTo(WireFields.toHex(
                    MessageDigests.eip191PersonalSign("transfer 5".getBytes(StandardCharsets.UTF_8))));

            VerifyCommandTest.Run verified = VerifyCommandTest.run("verify", "--address", (String) json.get("address"),
                    "--message", "transfer 5", "--signature", (String) json.get("signature"));
            assertThat(verified.exitCode()).isZero();

            VerifyCommandTest.Run text = VerifyCommandTest.run("sign", "--network", manager.view().url(), "--pin", pinFile(manager, directory),
                    "--account", account.toString(), "--key-id", "main", "--hash", "0x" + "ab".repeat(32));
            assertThat(text.exitCode()).as(text.err()).isZero();
            assertThat(text.out()).contains("messageHash: 0x" + "ab".repeat(32)).contains("signature:   0x")
                    .contains("address:     " + EthereumAddress.fromPublicKey(publicKey));
        }
    }

    @Test
    void aFailedRequestExitsOneWithTheReasonAndTheCulprits(@TempDir Path directory) throws Exception {
        Path account = accountFile(directory);
        try (StubManager manager = new StubManager("cm-1", (request, query) -> new SignatureStatus(request.requestId(),
                SignatureStatus.FAILED, null, null, null, null, "no party could finish", List.of("node-1a"), 3))) {
            VerifyCommandTest.Run failed = VerifyCommandTest.run("sign", "--network", manager.view().url(), "--pin", pinFile(manager, directory),
                    "--account", account.toString(), "--message", "x");

            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.err()).contains("FAILED after 3 attempt(s): no party could finish").contains("culprits: node-1a");
        }
    }

    @Test
    void aTamperedSignatureExitsOneNamingTheManager(@TempDir Path directory) throws Exception {
        Path account = accountFile(directory);
        try (StubManager manager = new StubManager("cm-bad", StubManager.signingWith(Scalar.fromLong(5)))) {
            VerifyCommandTest.Run run = VerifyCommandTest.run("sign", "--network", manager.view().url(), "--pin", pinFile(manager, directory),
                    "--account", account.toString(), "--message", "x");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("manager cm-bad");
        }
    }

    @Test
    void anUnknownKeyIdIsAnErrorListingTheKeys(@TempDir Path directory) throws Exception {
        Path account = accountFile(directory);
        VerifyCommandTest.Run run = VerifyCommandTest.run("sign", "--network", "http://127.0.0.1:1",
                "--account", account.toString(), "--key-id", "nope", "--message", "x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("holds no key nope").contains("main");
    }
}
