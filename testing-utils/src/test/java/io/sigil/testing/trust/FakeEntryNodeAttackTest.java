package io.sigil.testing.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.discovery.UntrustedNetworkException;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.ChainFailure;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.registry.governance.RegistryChain;
import io.sigil.testing.cli.CommandRun;
import io.sigil.wire.WhoClResponse;

/**
 * The attack of docs/security.md "Trust chain": the user points the SDK or the CLI at an
 * attacker's node instead of the network's. The attacker serves the real layout with its own
 * keys (or only URLs of its own proxy); registration must fail naming the verification failure
 * before any shard is sealed or sent, and the attacker must receive nothing at all.
 */
class FakeEntryNodeAttackTest {
    @TempDir
    static Path directory;

    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(20));
    private static Devnet devnet;
    private static byte[] genesis;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0));
        genesis = Files.readAllBytes(devnet.layout().registryFile());
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    private static UntrustedNetworkException registrationRefused(FakeEntryNode fake) {
        return assertThrows(UntrustedNetworkException.class, () -> new UserClient(HTTP).register(
                new Discovery(HTTP, devnet.pin()).network(URI.create(fake.url())), AccountKey.generate(),
                NewKeyOptions.defaults()));
    }

    @Test
    void aFakeServingTheRealLayoutWithItsOwnKeysIsRefusedBeforeAnyShardIsSent() throws Exception {
        Impersonation attacker = new Impersonation();
        try (FakeEntryNode fake = new FakeEntryNode()) {
            RegistryDocument forged = attacker.ownKeys(devnet.registry(), fake.url());
            fake.answer(WhoClResponse.of(Impersonation.valid(forged), RegistryChain.genesisOnly(Impersonation.bytes(forged))));

            UntrustedNetworkException refused = registrationRefused(fake);

            assertThat(refused.failure()).isEqualTo(ChainFailure.GENESIS_NOT_PINNED);
            assertThat(refused.getMessage()).contains("is not the pinned network 'sigil-devnet'")
                    .contains("genesis-not-pinned").contains("nothing was sent to it");
            assertThat(attacker.keysHeld()).isEqualTo(devnet.registry().nodes().size());
            assertThat(fake.received()).as("what the fake could open").isEmpty();
        }
    }

    @Test
    void aFakeServingTheRealGenesisAndANextRegistryWithItsOwnKeysIsRefused() throws Exception {
        Impersonation attacker = new Impersonation();
        try (FakeEntryNode fake = new FakeEntryNode()) {
            RegistryDocument real = devnet.registry().toDocument();
            RegistryDocument next = attacker.ownKeys(devnet.registry(), fake.url());
            next = new RegistryDocument(next.networkId(), 2L, next.threshold(), next.committees(), next.nodes(),
                    next.governance());
            byte[] nextBytes = Impersonation.bytes(next);
            String sha256 = ChainVerifier.documentSha256(nextBytes);
            List<OperatorKey> ownOperators = List.of(OperatorKey.generate("operator-1"), OperatorKey.generate("operator-2"));
            Approval selfApproved = new Approval(real.networkId(), 2, sha256, ownOperators.stream()
                    .map(key -> key.approve(real.networkId(), 2, HexFormat.of().parseHex(sha256))).toList());
            fake.answer(WhoClResponse.of(Impersonation.valid(next), RegistryChain.genesisOnly(genesis).then(nextBytes, selfApproved)));

            UntrustedNetworkException refused = registrationRefused(fake);

            assertThat(refused.failure()).isEqualTo(ChainFailure.BAD_SIGNATURE);
            assertThat(refused.getMessage()).contains("operator 'operator-1''s signature does not verify");
            assertThat(fake.received()).isEmpty();
        }
    }

    @Test
    void aFakeThatOnlyRewritesUrlsToItsProxyIsRefused() throws Exception {
        try (FakeEntryNode proxy = new FakeEntryNode()) {
            RegistryDocument proxied = Impersonation.proxiedUrls(devnet.registry(), proxy.url());
            proxy.answer(WhoClResponse.of(Impersonation.valid(proxied), RegistryChain.genesisOnly(Impersonation.bytes(proxied))));

            UntrustedNetworkException refused = registrationRefused(proxy);

            assertThat(refused.failure()).isEqualTo(ChainFailure.GENESIS_NOT_PINNED);
            assertThat(proxy.received()).isEmpty();
        }
    }

    @Test
    void keysAndUrlsBesideTheChainAreNeverUsed() throws Exception {
        // the fake shows the real chain but its own keys and URLs in the summary fields
        Impersonation attacker = new Impersonation();
        try (FakeEntryNode fake = new FakeEntryNode()) {
            Registry forged = Impersonation.valid(attacker.ownKeys(devnet.registry(), fake.url()));
            fake.answer(WhoClResponse.of(forged, RegistryChain.genesisOnly(genesis)));

            TrustedNetwork network = new Discovery(HTTP, devnet.pin()).network(URI.create(fake.url()));
            Registration registration = new UserClient(HTTP).register(network, AccountKey.generate(), NewKeyOptions.defaults());

            assertThat(registration.isComplete()).as("failures %s", registration.failures()).isTrue();
            assertThat(network.managers().getFirst().url()).isEqualTo(devnet.registry().managers().getFirst().url().toString());
            assertThat(fake.received()).isEmpty();
        }
    }

    @Test
    void theCliRefusesTheFakeNamingTheFailureAndWritesNoAccount() throws Exception {
        Impersonation attacker = new Impersonation();
        try (FakeEntryNode fake = new FakeEntryNode()) {
            RegistryDocument forged = attacker.ownKeys(devnet.registry(), fake.url());
            fake.answer(WhoClResponse.of(Impersonation.valid(forged), RegistryChain.genesisOnly(Impersonation.bytes(forged))));
            Path account = directory.resolve("account.json");

            CommandRun run = CommandRun.of("user", "new", "--network", fake.url(), "--devnet-dir",
                    devnet.layout().directory().toString(), "--out", account.toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("is not the pinned network 'sigil-devnet'").contains("genesis-not-pinned");
            assertThat(run.out()).doesNotContain("acknowledged");
            assertThat(account).doesNotExist();
            assertThat(fake.received()).isEmpty();
        }
    }
}
