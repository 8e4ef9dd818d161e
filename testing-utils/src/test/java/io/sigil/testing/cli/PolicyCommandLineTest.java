package io.sigil.testing.cli;

import io.sigil.registry.governance.NetworkPin;
import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.PolicyUpdate;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.json.Json;
import io.sigil.registry.Role;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignRequestAccepted;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import tools.jackson.databind.JsonNode;

/**
 * Signing policies end to end on an in-JVM devnet (2 committees × 1 node, t = 2, so every request
 * is judged by both nodes), through the manager and the {@code sigil} command line: every example
 * of docs/policies.md allows what it should and denies what it should, the denial's reason (the
 * rule) reaches the CLI, no node is blamed and no retry is made.
 */
class PolicyCommandLineTest {
    private static final String LISTED = "0x3535353535353535353535353535353535353535";
    private static final String UNLISTED = "0x9999999999999999999999999999999999999999";
    private static final BigInteger ETHER = new BigInteger("1000000000000000000");

    @TempDir
    static Path directory;
    private static Devnet devnet;
    private static Path account;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0));
        account = directory.resolve("account.json");
        for (String key : new String[] {"allow", "caps", "chain", "prefix", "window", "versions", "broken"}) {
            CommandRun created = CommandRun.of("user", "new", "--network", devnet.entryUrl(), "--pin",
                    devnet.layout().directory().resolve(NetworkPin.FILE_NAME).toString(), "--key-id", key,
                    "--out", account.toString());
            assertThat(created.exitCode()).as(created.err()).isZero();
        }
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    private static Path example(String name) {
        return Path.of("..", "docs", "policies", name + ".cel");
    }

    private static void setPolicy(String key, Path file, String... extra) {
        String[] args = new String[] {"policy", "set", "--network", devnet.entryUrl(), "--account", account.toString(),
                "--key-id", key, "--file", file.toString()};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        CommandRun set = CommandRun.of(all);
        assertThat(set.exitCode()).as(set.out() + set.err()).isZero();
    }

    static String transaction(int type, long chainId, String to, BigInteger value) {
        RawTransaction raw = type == 0
                ? RawTransaction.createTransaction(BigInteger.ONE, BigInteger.TEN, BigInteger.valueOf(21_000), to, value, "0x")
                : RawTransaction.createTransaction(chainId, BigInteger.ONE, BigInteger.valueOf(21_000), to, value, "0x",
                        BigInteger.ONE, BigInteger.TEN);
        return "0x" + HexFormat.of().formatHex(type == 0 ? TransactionEncoder.encode(raw, chainId) : TransactionEncoder.encode(raw));
    }

    private static JsonNode signTx(String key, String tx) throws Exception {
        return sign("--key-id", key, "--tx", tx);
    }

    private static JsonNode sign(String... what) throws Exception {
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("sign", "--network", devnet.entryUrl(),
                "--account", account.toString(), "--json"), java.util.Arrays.stream(what)).toArray(String[]::new);
        CommandRun run = CommandRun.of(args);
        JsonNode result = Json.mapper().readTree(run.out());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo("done".equals(result.get("status").asString()) ? 0 : 1);
        return result;
    }

    /** A denial: failed at the first attempt, typed policy-denied, nobody blamed, the rule named. */
    private static void assertDenied(JsonNode result, String rule) {
        assertThat(result.get("status").asString()).as(result.toString()).isEqualTo("failed");
        assertThat(result.get("problemType").asString()).isEqualTo("urn:sigil:problem:policy-denied");
        assertThat(result.get("reason").asString()).contains("rule '" + rule);
        assertThat(result.get("culprits")).isEmpty();
        assertThat(result.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void anAllowListAllowsListedRecipientsAndDeniesOthers() throws Exception {
        setPolicy("allow", example("allow-list"));
        JsonNode allowed = signTx("allow", transaction(2, 1, LISTED, ETHER));
        assertThat(allowed.get("status").asString()).as(allowed.toString()).isEqualTo("done");
        assertThat(allowed.get("signedTransaction").asString()).startsWith("0x02");
        assertDenied(signTx("allow", transaction(2, 1, UNLISTED, ETHER)), "tx.to in [");

        // the text form prints the reason on stderr
        CommandRun text = CommandRun.of("sign", "--network", devnet.entryUrl(), "--account", account.toString(),
                "--key-id", "allow", "--tx", transaction(0, 1, UNLISTED, ETHER));
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.err()).contains("DENIED by the key's policy").contains("no node was blamed")
                .contains("rule 'tx.to in [");
    }

    @Test
    void policyTestEvaluatesLocallyAndPrintsWhichRulePassedOrFailed() {
        CommandRun allowed = CommandRun.of("policy", "test", "--file", example("value-caps").toString(), "--tx",
                transaction(2, 1, LISTED, ETHER));
        assertThat(allowed.exitCode()).as(allowed.out() + allowed.err()).isZero();
        assertThat(allowed.out()).contains("passed       tx.value <= 1000000000000000000u").contains("ALLOWED");
        CommandRun denied = CommandRun.of("policy", "test", "--file", example("value-caps").toString(), "--tx",
                transaction(2, 1, LISTED, ETHER), "--day-value", "2500000000000000000");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.out()).contains("passed       request.hashRule == \"eth-tx\"")
                .contains("FAILED       counters.day.value + tx.value <= 3000000000000000000u")
                .contains("DENIED: rule 'counters.day.value + tx.value <= 3000000000000000000u' is false");
        CommandRun message = CommandRun.of("policy", "test", "--file", example("allow-list").toString(), "--message", "hi");
        assertThat(message.exitCode()).isEqualTo(1);
        assertThat(message.out()).contains("FAILED       request.hashRule == \"eth-tx\"").contains("not reached  tx.to in [");
    }

    @Test
    void perTransactionAndPerDayCapsHoldAcrossManyRequestsAndANodeRestart() throws Exception {
        setPolicy("caps", example("value-caps"));
        assertDenied(signTx("caps", transaction(2, 1, LISTED, ETHER.add(BigInteger.ONE))), "tx.value <= 1000000000000000000u");
        for (int i = 0; i < 3; i++) {
            JsonNode allowed = signTx("caps", transaction(2, 1, LISTED, ETHER.subtract(BigInteger.valueOf(i))));
            assertThat(allowed.get("status").asString()).as("transfer %d: %s", i, allowed).isEqualTo("done");
        }
        assertDenied(signTx("caps", transaction(2, 1, LISTED, BigInteger.TEN)), "counters.day.value + tx.value");
        String restarted = devnet.registry().nodesWithRole(Role.SIGNING_CLIENT).getFirst().id();
        devnet.restart(restarted);
        JsonNode afterRestart = signTx("caps", transaction(2, 1, LISTED, BigInteger.TEN));
        assertDenied(afterRestart, "counters.day.value + tx.value");
        assertThat(afterRestart.get("reason").asString()).contains(restarted);
    }

    @Test
    void oneChainIdOnly() throws Exception {
        setPolicy("chain", example("one-chain"));
        JsonNode legacy = signTx("chain", transaction(0, 11_155_111, LISTED, ETHER));
        assertThat(legacy.get("status").asString()).as(legacy.toString()).isEqualTo("done");
        assertThat(legacy.get("v").asLong()).isIn(35 + 2 * 11_155_111L, 36 + 2 * 11_155_111L);
        assertDenied(signTx("chain", transaction(2, 1, LISTED, ETHER)), "tx.chainId == 11155111");
    }

    @Test
    void eip191MessagesWithAFixedPrefixOnly() throws Exception {
        setPolicy("prefix", example("eip191-prefix"));
        JsonNode allowed = sign("--key-id", "prefix", "--message", "Sign in to example.org: nonce 7");
        assertThat(allowed.get("status").asString()).as(allowed.toString()).isEqualTo("done");
        assertDenied(sign("--key-id", "prefix", "--message", "Send all my funds"), "request.message.startsWith(");
        assertDenied(sign("--key-id", "prefix", "--message", "Sign in to example.org: x", "--hash-rule", "keccak256"),
                "request.hashRule == \"eip191\"");
    }

    @Test
    void aTimeWindow() throws Exception {
        // the documented office-hours example is checked at fixed times in CompiledPolicyTest; on the
        // devnet the nodes' own clock decides, so the window is placed around now, then in the past
        Instant now = Instant.now();
        Path open = directory.resolve("open-window.cel");
        Files.writeString(open, "request.time >= timestamp(\"" + now.minus(Duration.ofHours(1)) + "\") && request.time < timestamp(\""
                + now.plus(Duration.ofHours(1)) + "\")");
        setPolicy("window", open);
        assertThat(sign("--key-id", "window", "--message", "hello").get("status").asString()).isEqualTo("done");
        Path closed = directory.resolve("closed-window.cel");
        Files.writeString(closed, "request.time >= timestamp(\"2020-01-01T08:00:00Z\") && request.time < timestamp(\"2020-01-01T18:00:00Z\")");
        setPolicy("window", closed);
        assertDenied(sign("--key-id", "window", "--message", "hello"), "request.time < timestamp(\"2020-01-01T18:00:00Z\")");
    }

    @Test
    void anUnlockedPolicyIsReplacedEverywhereAndALockedOneOnlyAfterItsDelay() throws Exception {
        Path denyAll = directory.resolve("deny-all.cel");
        Files.writeString(denyAll, "request.keyId == \"no-such-key\"");
        Path allowAll = directory.resolve("allow-all.cel");
        Files.writeString(allowAll, "request.keyId == \"versions\"");
        setPolicy("versions", denyAll);
        assertDenied(sign("--key-id", "versions", "--message", "hi"), "request.keyId == \"no-such-key\"");
        setPolicy("versions", allowAll, "--locked", "--delay", "24h");
        assertThat(sign("--key-id", "versions", "--message", "hi").get("status").asString()).isEqualTo("done");
        CommandRun shown = CommandRun.of("policy", "show", "--network", devnet.entryUrl(), "--account", account.toString(),
                "--key-id", "versions", "--json");
        JsonNode view = Json.mapper().readTree(shown.out());
        assertThat(view.get("nodesByVersion").get("v2")).as(shown.out()).hasSize(2);

        // a replacement of the locked version 2 waits 24 h: version 2 is still enforced by every node
        setPolicy("versions", denyAll);
        assertThat(sign("--key-id", "versions", "--message", "hi").get("status").asString()).isEqualTo("done");
        view = Json.mapper().readTree(CommandRun.of("policy", "show", "--network", devnet.entryUrl(), "--account",
                account.toString(), "--key-id", "versions", "--json").out());
        assertThat(view.get("nodesByVersion").get("v2 (v3 pending)")).hasSize(2);
        assertThat(view.get("pending").get("effectiveAt").asLong())
                .isGreaterThanOrEqualTo(Instant.now().plus(Duration.ofHours(23)).getEpochSecond());
    }

    @Test
    void aPolicyThatDoesNotCompileIsRefusedByEveryNodeWithTheCompilersMessage() throws Exception {
        SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
        TrustedNetwork network = new Discovery(http, devnet.pin()).network(URI.create(devnet.entryUrl()));
        AccountFile file = AccountFile.load(account);
        PolicyUpdate update = new UserClient(http).setPolicy(network, file.accountKey(), "broken", 1, "tx.to + 1 == 2",
                false, 0);
        assertThat(update.acks()).isEmpty();
        assertThat(update.failures()).hasSize(2).allSatisfy(failure -> {
            assertThat(failure.status()).isEqualTo(422);
            assertThat(failure.detail()).contains("found no matching overload for '_+_'");
        });
    }

    @Test
    void aMalformedTransactionIsRefusedWith400NamingTheField() throws Exception {
        SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
        TrustedNetwork network = new Discovery(http, devnet.pin()).network(URI.create(devnet.entryUrl()));
        URI manager = URI.create(network.managers().getFirst().url());
        AccountFile file = AccountFile.load(account);
        AccountFile.KeyEntry key = file.key("broken").orElseThrow();
        RawTransaction shortTo = RawTransaction.createTransaction(BigInteger.ONE, BigInteger.TEN, BigInteger.valueOf(21_000),
                "0x3535", BigInteger.ONE, "0x");
        SignRequest request = SignRequest.forMessage(NetworkBinding.of(network.registry()), file.accountKey(), "broken", WireFields.point("publicKey", key.publicKey()),
                key.threshold(), "0x" + HexFormat.of().formatHex(TransactionEncoder.encode(shortTo, 1L)), SignRequest.RULE_ETH_TX,
                Instant.now().getEpochSecond() + 300, new byte[16]);
        try {
            http.post(manager.resolve("/v1/sign_request"), request, SignRequestAccepted.class);
            throw new AssertionError("a malformed transaction was accepted");
        } catch (SigilApiException refused) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.problem().detail()).contains("message").contains("field 'to'");
        }
    }
}
