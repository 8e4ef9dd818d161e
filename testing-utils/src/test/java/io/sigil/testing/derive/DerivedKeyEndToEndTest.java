package io.sigil.testing.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.HashRule;
import io.sigil.client.sign.KeyDerivation;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.user.AccountFile;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.wire.NodeView;
import io.sigil.wire.WhoClResponse.CommitteeView;
import java.security.SecureRandom;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.crypto.hd.DerivationPath;
import io.sigil.crypto.hd.LegacyChainCode;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.party.PartySelection;
import io.sigil.testing.cli.CommandRun;
import io.sigil.testing.sign.ManagerPosts;
import io.sigil.wire.sign.NewParty;
import io.sigil.testing.protocol.Verifiers;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.Derivation;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Bip32ECKeyPair;
import tools.jackson.databind.JsonNode;

/**
 * Signing under a BIP32 child (keygen §4.3) end to end on an in-JVM devnet (3 × 2, t = 2), through
 * the command line as a user runs it: `user derive` prints the child, `sign --path` signs under it,
 * the nodes tweak their shards, the manager and the client verify under the child. A dealt key
 * derives with the chain code the client chose and registered (keygen §4.1), a key stored before
 * chain codes with the legacy rule; web3j's BIP32 (an independent implementation) agrees with both.
 */
class DerivedKeyEndToEndTest {
    private static final String WEB3_KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));

    @TempDir
    static Path directory;

    private static Devnet devnet;
    private static TrustedNetwork network;
    private static String pin;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory.resolve("net"), DevnetPlan.DEFAULT);
        network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
        pin = devnet.layout().directory().resolve("pin.json").toString();
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void aNetworkKeySignsUnderTheChildThatUserDerivePrinted() throws Exception {
        Path account = newAccount("network.json");

        JsonNode derived = json(run("user", "derive", "--account", account.toString(), "--path", "m/0/7", "--json"));
        assertThat(derived.get("path").asString()).isEqualTo("m/0/7");
        JsonNode signed = json(run("sign", "--network", devnet.entryUrl(), "--account", account.toString(),
                "--path", "m/0/7", "--message", "from a child key", "--json"));

        assertThat(signed.get("status").asString()).isEqualTo("done");
        Point child = WireFields.point("publicKey", derived.get("publicKey").asString());
        AccountFile.KeyEntry parent = AccountFile.load(account).keys().getFirst();
        assertThat(child).isNotEqualTo(WireFields.point("publicKey", parent.publicKey()));
        byte[] digest = MessageDigests.eip191PersonalSign("from a child key".getBytes(StandardCharsets.UTF_8));
        EcdsaSignature signature = EcdsaSignature.parse65(WireFields.hex("signature", signed.get("signature").asString(), 65));
        Verifiers.assertValid(signature, child, digest); // Bouncy Castle's ECDSASigner and the JCA
        assertThat(EthereumAddress.fromPublicKey(signature.recoverPublicKey(digest)))
                .isEqualTo(derived.get("address").asString()).isEqualTo(signed.get("address").asString());
        assertThat(signed.get("publicKey").asString()).isEqualTo(derived.get("publicKey").asString());

        // the manager verified under the child too, and says which key it was
        SignatureStatus status = status(signed.get("requestId").asString());
        assertThat(status.publicKey()).isEqualTo(derived.get("publicKey").asString());
        assertThat(status.address()).isEqualTo(derived.get("address").asString());
    }

    @Test
    void aDealtKeyDerivesWithTheChainCodeItRegisteredAsWeb3jsBip32Does() throws Exception {
        Path account = directory.resolve("dealt.json");
        JsonNode created = json(run("user", "new", "--network", devnet.entryUrl(), "--pin", pin, "--import-key",
                WEB3_KEY, "--key-id", "dealt", "--out", account.toString(), "--json"));
        AccountFile file = AccountFile.load(account);
        AccountFile.KeyEntry key = file.keys().getFirst();
        Point parent = WireFields.point("publicKey", key.publicKey());
        // keygen §4.1: the client chose the chain code, recorded it, and it is not the public legacy rule
        assertThat(key.chainCode()).isNotNull().isEqualTo(created.get("chainCode").asString());
        byte[] chainCode = WireFields.hex("chainCode", key.chainCode(), 32);
        assertThat(chainCode).isNotEqualTo(LegacyChainCode.of(file.userId(), "dealt", parent));
        for (String node : nodeIds()) {
            assertThat(devnet.context(node).getBean(KeyRegistrations.class).find(file.userId(), "dealt").orElseThrow()
                    .chainCode()).as(node + " stores the signed chain code").hasValue(chainCode);
        }

        // an independent BIP32: web3j, from the private key the test dealt and the registered chain code
        Point expected = web3jChild(WEB3_KEY, chainCode, 0, 7);
        JsonNode derived = json(run("user", "derive", "--account", account.toString(), "--key-id", "dealt",
                "--path", "m/0/7", "--json"));
        assertThat(WireFields.point("publicKey", derived.get("publicKey").asString())).isEqualTo(expected);
        assertSignsUnder(account, "dealt", expected, derived.get("address").asString(), "dealt child");
    }

    @Test
    void anImportedXprvKeepsItsChainCodeSoItsChildrenStayTheWalletsOwn() throws Exception {
        // BIP32 test vector 1, chain m
        String xprv = "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
        String privateKey = "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35";
        byte[] chainCode = java.util.HexFormat.of().parseHex("873dff81c02f525623fd1fe5167eac3a55a049de3d314bb42ee227ffed37d508");
        Path account = directory.resolve("xprv.json");
        JsonNode created = json(run("user", "new", "--network", devnet.entryUrl(), "--pin", pin, "--import-xprv", xprv,
                "--key-id", "hd", "--out", account.toString(), "--json"));
        assertThat(WireFields.hex("chainCode", created.get("chainCode").asString(), 32)).isEqualTo(chainCode);

        Point expected = web3jChild(privateKey, chainCode, 0, 7);
        JsonNode derived = json(run("user", "derive", "--account", account.toString(), "--key-id", "hd",
                "--path", "m/0/7", "--json"));
        assertThat(WireFields.point("publicKey", derived.get("publicKey").asString())).isEqualTo(expected);
        assertSignsUnder(account, "hd", expected, derived.get("address").asString(), "wallet child");
    }

    @Test
    void aDealtKeyStoredBeforeChainCodesStillDerivesByTheLegacyRule() throws Exception {
        // a record and an account entry as they were written before chain codes: KeyRecord v1, no chainCode
        String secret = "1f".repeat(31) + "01";
        AccountKey accountKey = AccountKey.generate();
        DealtKey dealt = FeldmanDealer.split(Scalar.fromBytes(WireFields.hex("key", secret, 32)), 2, 3,
                new SecureRandom());
        for (CommitteeView committee : network.committees()) {
            for (NodeView node : committee.nodes()) {
                KeyRecord record = new KeyRecord(committee.index(), 2, accountKey.publicKey(), dealt.commitments(),
                        dealt.shard(committee.index()).share());
                devnet.context(node.id()).getBean(NodeStore.class).store().put(NodeStore.KEYS,
                        KeyRecord.storeKey(accountKey.userId(), "old"), record.encode());
            }
        }
        Path account = directory.resolve("old.json");
        AccountFile.create(accountKey).withPin(AccountFile.load(newAccount("old-pin.json")).pin())
                .withKey(new AccountFile.KeyEntry("old", 2, 3, WireFields.pointHex(dealt.publicKey()),
                        EthereumAddress.fromPublicKey(dealt.publicKey()), null)).save(account);

        Point expected = web3jChild(secret, LegacyChainCode.of(accountKey.userId(), "old", dealt.publicKey()), 0, 7);
        dealt.destroy();
        CommandRun derive = run("user", "derive", "--account", account.toString(), "--key-id", "old", "--path", "m/0/7");
        assertThat(derive.exitCode()).as(derive.err()).isZero();
        assertThat(derive.out()).contains("legacy chain code").contains(WireFields.pointHex(expected));
        assertSignsUnder(account, "old", expected, EthereumAddress.fromPublicKey(expected), "legacy child");
    }

    /** The child at {@code indices} by web3j's BIP32 from a private key (hex) and a chain code. */
    private static Point web3jChild(String privateKeyHex, byte[] chainCode, int... indices) {
        Bip32ECKeyPair master = Bip32ECKeyPair.create(new BigInteger(privateKeyHex, 16), chainCode);
        return Point.decode(Bip32ECKeyPair.deriveKeyPair(master, indices).getPublicKeyPoint().getEncoded(true));
    }

    /** {@code sign --path m/0/7} through the CLI: the signature verifies under, and recovers to, {@code child}. */
    private static void assertSignsUnder(Path account, String keyId, Point child, String childAddress, String message)
            throws Exception {
        JsonNode signed = json(run("sign", "--network", devnet.entryUrl(), "--account", account.toString(),
                "--key-id", keyId, "--path", "m/0/7", "--message", message, "--json"));
        byte[] digest = MessageDigests.eip191PersonalSign(message.getBytes(StandardCharsets.UTF_8));
        EcdsaSignature signature = EcdsaSignature.parse65(WireFields.hex("signature", signed.get("signature").asString(), 65));
        Verifiers.assertValid(signature, child, digest);
        assertThat(EthereumAddress.fromPublicKey(signature.recoverPublicKey(digest))).isEqualTo(childAddress)
                .isEqualTo(signed.get("address").asString());
    }

    private static List<String> nodeIds() {
        return network.committees().stream().flatMap(committee -> committee.nodes().stream()).map(NodeView::id).toList();
    }

    @Test
    void aHardenedPathIsRefusedInWordsByTheCommandLineAndByTheManagerNamingTheField() throws Exception {
        Path account = newAccount("hardened.json");
        CommandRun derive = run("user", "derive", "--account", account.toString(), "--path", "m/44'/0", "--json");
        assertThat(derive.exitCode()).isEqualTo(2);
        assertThat(derive.err()).contains("--path m/44'/0").contains("hardened indices are not supported");
        CommandRun sign = run("sign", "--network", devnet.entryUrl(), "--account", account.toString(),
                "--path", "m/0/7H", "--message", "x");
        assertThat(sign.exitCode()).isEqualTo(2);
        assertThat(sign.err()).contains("hardened");

        // a wallet that sends one anyway: the manager refuses it before any node is asked
        AccountFile file = AccountFile.load(account);
        KeyDerivation child = KeyDerivation.of(file.userId(), file.keys().getFirst(), DerivationPath.parse("m/0/7"));
        SignRequest valid = request(file, child.derivation());
        SignRequest hardened = new SignRequest(valid.networkId(), valid.epoch(), valid.userId(), valid.keyId(),
                valid.publicKey(), valid.threshold(), valid.messageHash(), valid.message(), valid.hashRule(),
                valid.expiresAt(), valid.nonce(), valid.accountKey(), valid.signature(), "m/0'/7", valid.chainCode());
        HttpResponse<String> refused = post(hardened);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("derivationPath").contains("HARDENED_INDEX");

        // and a manager that relays one anyway: every node refuses it too, naming the field
        SigningParty party = PartySelection.select(devnet.registry(), WireFields.point("publicKey", valid.publicKey()),
                hardened.digest(), valid.requestId(), 1, valid.threshold(), List.of());
        for (PartyId member : party.members()) {
            HttpResponse<String> relayed = ManagerPosts.newParty(devnet, member.nodeId(), NewParty.of(
                    valid.requestId(), hardened, 1, party, List.of(), new byte[32]));
            assertThat(relayed.statusCode()).as(relayed.body()).isEqualTo(400);
            assertThat(relayed.body()).contains("derivationPath").contains("HARDENED_INDEX");
        }
    }

    @Test
    void aRequestWhoseChainCodeIsNotTheKeysIsRefusedByTheNodesAndNothingIsSigned() throws Exception {
        Path account = newAccount("mismatch.json");
        AccountFile file = AccountFile.load(account);
        AccountFile.KeyEntry key = file.keys().getFirst();
        byte[] otherChainCode = new byte[32];
        new Random(7).nextBytes(otherChainCode);
        DerivationPath path = DerivationPath.parse("m/0/7");
        // a consistent child of the wrong chain code: the manager, which holds no chain code, cannot tell
        AccountFile.KeyEntry forged = new AccountFile.KeyEntry(key.keyId(), key.threshold(), key.committees(),
                key.publicKey(), key.address(), key.commitmentsHash(), key.origin(), WireFields.toHex(otherChainCode),
                key.transcriptHash());
        KeyDerivation wrong = KeyDerivation.of(file.userId(), forged, path);
        assertThat(wrong.childKey()).isNotEqualTo(KeyDerivation.of(file.userId(), key, path).childKey());

        SigilApiException refused;
        try (SignClient client = new SignClient(HTTP)) {
            refused = assertThrows(SigilApiException.class, () -> client.submit(network, file.accountKey(), key,
                    new MessageInput.Text("wrong chain code", HashRule.EIP191), wrong));
        }

        // the manager asks the nodes before it accepts (check_request): their typed 409 reaches the user
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.getMessage()).contains("chainCode").contains("holds for key main");
    }

    private static Path newAccount(String name) {
        Path account = directory.resolve(name);
        CommandRun created = run("user", "new", "--network", devnet.entryUrl(), "--pin", pin, "--key-id", "main",
                "--out", account.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        return account;
    }

    private static SignRequest request(AccountFile file, Derivation derivation) {
        AccountFile.KeyEntry key = file.keys().getFirst();
        byte[] nonce = new byte[SignRequest.NONCE_LENGTH];
        new Random(11).nextBytes(nonce);
        return SignRequest.forMessage(io.sigil.wire.NetworkBinding.of(network.registry()), file.accountKey(), key.keyId(),
                WireFields.point("publicKey", key.publicKey()), key.threshold(), "x", null,
                Instant.now().plusSeconds(120).getEpochSecond(), nonce, derivation);
    }

    private static HttpResponse<String> post(SignRequest request) throws Exception {
        URI manager = URI.create(network.managers().getFirst().url()).resolve("/v1/sign_request");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(manager).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(request))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SignatureStatus status(String requestId) throws Exception {
        return HTTP.get(URI.create(network.managers().getFirst().url()).resolve("/v1/signature/" + requestId),
                SignatureStatus.class);
    }

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private static JsonNode json(CommandRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return Json.mapper().readTree(run.out());
    }
}
