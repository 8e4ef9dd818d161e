package io.sigil.testing.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.sigil.client.user.AccountFile;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetLayout;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.kvdb.StoreOptions;
import io.sigil.kvdb.keys.MasterKeySource;
import io.sigil.kvdb.keys.ScryptParameters;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WhoCmResponse;

class SigilCommandLineTest {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void nodeKeygenWritesKeysetsAndPrintsTheMatchingRegistryEntry(@TempDir Path directory) throws Exception {
        Path keys = directory.resolve("keys");
        CommandRun run = run("node", "keygen", "--out", keys.toString(), "--id", "node-9a", "--role", "signing-client",
                "--committee", "9", "--url", "http://10.0.0.9:8080");
        assertThat(run.exitCode()).isZero();
        NodeDocument entry = Json.read(run.out(), NodeDocument.class);
        NodeIdentity identity = NodeIdentity.load(keys);
        assertThat(entry.id()).isEqualTo("node-9a");
        assertThat(entry.committee()).isEqualTo(9);
        assertThat(entry.identityKey()).isEqualTo(identity.identityKey().toHex());
        assertThat(entry.encryptionKey()).isEqualTo(identity.encryptionKey().toHex());

        CommandRun again = run("node", "keygen", "--out", keys.toString(), "--id", "node-9a", "--role", "signing-client",
                "--url", "http://10.0.0.9:8080");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already holds node keys");
        CommandRun badRole = run("node", "keygen", "--out", directory.resolve("other").toString(), "--id", "x",
                "--role", "signer", "--url", "http://10.0.0.9:8080");
        assertThat(badRole.exitCode()).isEqualTo(1);
        assertThat(badRole.err()).contains("unknown role 'signer'");
    }

    @Test
    void userNewImportsAKeyWritesTheAccountFileAndUserDeleteErasesIt(@TempDir Path directory) throws Exception {
        try (Devnet devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0))) {
            Path account = directory.resolve("account.json");
            String privateKey = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
            String pin = devnet.layout().directory().resolve("pin.json").toString();
            CommandRun unpinned = run("user", "new", "--network", devnet.entryUrl(), "--devnet-dir",
                    directory.resolve("nowhere").toString(), "--out", account.toString());
            assertThat(unpinned.exitCode()).isEqualTo(1);
            assertThat(unpinned.err()).contains("no network pin: pass --pin FILE").contains("does not trust a network on first use");
            assertThat(account).doesNotExist();

            CommandRun created = run("user", "new", "--network", devnet.entryUrl(), "--pin", pin, "--import-key", privateKey,
                    "--key-id", "main", "--out", account.toString(), "--json");
            assertThat(created.exitCode()).as(created.err()).isZero();
            var result = Json.mapper().readTree(created.out());
            assertThat(result.get("complete").asBoolean()).isTrue();
            assertThat(result.get("address").asString()).isEqualTo("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
            assertThat(result.get("acknowledgements").asInt()).isEqualTo(2);
            assertThat(Files.getPosixFilePermissions(account)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(AccountFile.load(account).key("main")).isPresent();
            assertThat(AccountFile.load(account).pin()).isEqualTo(devnet.pin());

            CommandRun duplicate = run("user", "new", "--network", devnet.entryUrl(), "--key-id", "main", "--out", account.toString());
            assertThat(duplicate.exitCode()).isEqualTo(2);
            assertThat(duplicate.err()).contains("already holds a key named main");
            CommandRun badKey = run("user", "new", "--network", devnet.entryUrl(), "--pin", pin, "--import-key", "00".repeat(32),
                    "--out", directory.resolve("other.json").toString());
            assertThat(badKey.exitCode()).isEqualTo(2);
            assertThat(badKey.err()).contains("[1, q)").doesNotContain("00000000");

            Path otherPin = directory.resolve("other-pin.json");
            new NetworkPin(devnet.pin().networkId(), "00".repeat(32), devnet.pin().governance()).save(otherPin);
            CommandRun otherNetwork = run("user", "delete", "--network", devnet.entryUrl(), "--pin", otherPin.toString(),
                    "--account", account.toString(), "--key-id", "main");
            assertThat(otherNetwork.exitCode()).isEqualTo(1);
            assertThat(otherNetwork.err()).contains("the account file belongs to network 'sigil-devnet' (genesis "
                    + devnet.pin().registrySha256() + ")").contains("refusing to use it with another network");

            // no --pin: the account file's pin is used
            CommandRun deleted = run("user", "delete", "--network", devnet.entryUrl(), "--account", account.toString(),
                    "--key-id", "main");
            assertThat(deleted.exitCode()).as(deleted.err()).isZero();
            assertThat(deleted.out()).contains("2 nodes erased it");
            assertThat(AccountFile.load(account).key("main")).isEmpty();
        }
    }

    @Test
    void demoJsonHasTheNetworkGenerateTheKeyByDefault() throws Exception {
        CommandRun demo = run("demo", "--json", "--committees", "2", "--replicas", "1", "--threshold", "2");

        assertThat(demo.exitCode()).as(demo.err()).isZero();
        var result = Json.mapper().readTree(demo.out());
        assertThat(result.get("origin").asString()).isEqualTo("network");
        assertThat(result.get("verified").asBoolean()).isTrue();
    }

    @Test
    void demoJsonRegistersSignsAndVerifiesWithAKnownKey() throws Exception {
        CommandRun demo = run("demo", "--json", "--committees", "2", "--replicas", "1", "--threshold", "2",
                "--import-key", "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318", "--message", "hello");

        assertThat(demo.exitCode()).as(demo.err()).isZero();
        var result = Json.mapper().readTree(demo.out());
        assertThat(result.get("address").asString()).isEqualTo("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
        assertThat(result.get("origin").asString()).isEqualTo("dealt");
        // ethers.hashMessage("hello")
        assertThat(result.get("messageHash").asString())
                .isEqualTo("0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750");
        assertThat(result.get("verified").asBoolean()).isTrue();
        byte[] signature = HexFormat.of().parseHex(result.get("signature").asString().substring(2));
        assertThat(signature).hasSize(65);
        assertThat(result.get("v").asInt()).isIn(27, 28).isEqualTo(signature[64] & 0xff);
        byte[] digest = MessageDigests.eip191PersonalSign("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(EthereumAddress.fromPublicKey(EcdsaSignature.parse65(signature).recoverPublicKey(digest)))
                .isEqualTo("0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
    }

    @Test
    void whoJsonPrintsTheCommitteesOfTheDevnetRecordedInItsDataDirectory(@TempDir Path directory) throws Exception {
        DevnetPlan plan = new DevnetPlan(2, 1, 2, 1, 0);
        try (Devnet devnet = Devnet.start(directory, plan)) {
            Files.writeString(directory.resolve("network.json"),
                    Json.write(Map.of("entryUrl", devnet.entryUrl(), "registry", "r", "pid", 1)));
            CommandRun run = run("who", "--json", "--devnet-dir", directory.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();
            var tree = Json.mapper().readTree(run.out());
            WhoClResponse committees = Json.mapper().treeToValue(tree.get("whoCl"), WhoClResponse.class);
            WhoCmResponse managers = Json.mapper().treeToValue(tree.get("whoCm"), WhoCmResponse.class);
            assertThat(committees).isEqualTo(WhoClResponse.of(devnet.registry(), null));
            assertThat(managers).isEqualTo(WhoCmResponse.of(devnet.registry(), null));
            assertThat(Json.mapper().treeToValue(tree.get("pin"), NetworkPin.class)).isEqualTo(devnet.pin());

            CommandRun human = run("who", "--network", devnet.entryUrl(), "--devnet-dir", directory.toString());
            assertThat(human.exitCode()).isZero();
            assertThat(human.out()).contains("2 committees, default threshold 2").contains("node-1a").contains("manager-1");
        }
    }

    @Test
    void storeInfoShowsNamespacesAndCountsButNeverValues(@TempDir Path directory) throws Exception {
        Path store = directory.resolve("store");
        Path passphrase = directory.resolve("passphrase");
        Files.writeString(passphrase, "correct horse battery staple");
        var masterKey = MasterKeySource.Passphrase.fromFile(passphrase, ScryptParameters.forTestsOnly());
        try (EncryptedStore opened = EncryptedStore.open(StoreOptions.of(store, masterKey, Namespace.of("shards")))) {
            opened.put(Namespace.of("shards"), "user-1".getBytes(), "SECRET-SHARD-VALUE".getBytes());
            opened.put(Namespace.of("shards"), "user-2".getBytes(), "SECRET-SHARD-VALUE".getBytes());
        }
        CommandRun run = run("store", "info", "--data-dir", store.toString(), "--passphrase-file", passphrase.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("shards").contains("2 entries").doesNotContain("SECRET-SHARD-VALUE");

        CommandRun wrongKey = run("store", "info", "--data-dir", store.toString(), "--kek-keyset",
                directory.resolve("missing.json").toString());
        assertThat(wrongKey.exitCode()).isEqualTo(2);
        assertThat(wrongKey.err()).startsWith("sigil: --kek-keyset ").contains("no such file");
        CommandRun help = run("store", "rotate", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--passphrase-file").contains("SIGIL_STORE_KEK_KEYSET");

        Path kek = directory.resolve("kek.json");
        CommandRun generated = run("store", "kek-gen", "--out", kek.toString());
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        assertThat(Files.getPosixFilePermissions(kek)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(run("store", "kek-gen", "--out", kek.toString()).err()).contains("is never overwritten");
    }

    @Test
    void whoWithoutANetworkSaysHowToGetOne(@TempDir Path directory) {
        CommandRun run = run("who", "--devnet-dir", directory.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no network given").contains("sigil devnet");
    }

    @Test
    void aNodeWhoseKeysAreNotTheRegistrysRefusesToStart(@TempDir Path directory) throws Exception {
        DevnetLayout layout = DevnetLayout.create(directory, new DevnetPlan(2, 1, 2, 1, 0));
        DevnetNode node = layout.nodes().getFirst();
        NodeIdentity.generate().save(node.dataDirectory().resolve("identity"));
        Map<String, Object> properties = Map.of("sigil.node-id", node.id(),
                "sigil.registry", layout.registryFile().toString(),
                "sigil.data-dir", node.dataDirectory().toString(), "micronaut.server.port", -1);
        Throwable refused = assertThrows(BeanInstantiationException.class, () -> ApplicationContext.builder()
                .deduceEnvironment(false).environments(node.service().wireName()).properties(properties)
                .start().close());
        Throwable cause = refused;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause.getMessage()).contains("are not the keys the registry pins for node '" + node.id() + "'");
    }
}
