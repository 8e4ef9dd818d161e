package io.sigil.testing.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.discovery.UntrustedNetworkException;
import io.sigil.devnet.network.DevnetLayout;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.ChainFailure;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.registry.governance.RegistryChain;
import io.sigil.testing.epoch.EpochFixtures;
import io.sigil.testing.epoch.EpochFixtures.BadApproval;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.epoch.EpochProposal;

/**
 * A registry chain genesis → epoch 2 whose approval is wrong in one way each: the SDK refuses
 * it, and every service (signing node, leader, manager) refuses to start on it, naming the same
 * failure. The correctly approved chain is accepted by both, so the refusals are not accidents
 * of the set-up.
 */
class RegistryChainRefusalTest {
    @TempDir
    static Path directory;

    private static DevnetLayout layout;
    private static byte[] genesis;
    private static List<OperatorKey> operators;
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(20));

    @BeforeAll
    static void layOut() throws Exception {
        layout = DevnetLayout.create(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0));
        genesis = Files.readAllBytes(layout.registryFile());
        operators = EpochFixtures.operators(layout);
    }

    private static RegistryChain goodChain() {
        return chainOf(EpochFixtures.good(layout, operators));
    }

    static RegistryChain badChain(BadApproval bad) {
        return chainOf(EpochFixtures.bad(layout, operators, bad));
    }

    private static RegistryChain chainOf(EpochProposal proposal) {
        return RegistryChain.genesisOnly(genesis).then(proposal.registryBytes(), proposal.approval());
    }

    @ParameterizedTest
    @EnumSource(BadApproval.class)
    void theSdkRefusesTheChain(BadApproval bad) throws Exception {
        try (FakeEntryNode node = new FakeEntryNode()) {
            node.answer(WhoClResponse.of(layout.registry(), badChain(bad)));
            UntrustedNetworkException refused = assertThrows(UntrustedNetworkException.class,
                    () -> new Discovery(HTTP, layout.pin()).network(URI.create(node.url())));
            assertThat(refused.failure()).isEqualTo(bad.expected);
            assertThat(refused.getMessage()).contains("epoch 2").contains(wireName(bad.expected));
        }
    }

    @ParameterizedTest
    @EnumSource(BadApproval.class)
    void everyServiceRefusesToStartOnTheChain(BadApproval bad) throws Exception {
        Path files = Files.createDirectories(directory.resolve("bad-" + bad.name()));
        RegistryChain chain = badChain(bad);
        Files.write(files.resolve("registry.json"), java.util.Base64.getDecoder().decode(chain.epochs().getLast().registry()));
        chain.save(files.resolve("registry-chain.json"));
        for (DevnetNode node : oneOfEachService()) {
            Throwable refused = assertThrows(BeanInstantiationException.class, () -> start(node, files).close());
            Throwable cause = refused;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertThat(cause.getMessage()).as(node.id())
                    .startsWith("refusing to start: registry chain refused (" + wireName(bad.expected) + ", epoch 2)");
        }
    }

    @Test
    void aCorrectlyApprovedChainIsServedByTheNodeAndVerifiedByTheSdk() throws Exception {
        Path files = Files.createDirectories(directory.resolve("good"));
        RegistryChain chain = goodChain();
        Files.write(files.resolve("registry.json"), java.util.Base64.getDecoder().decode(chain.epochs().getLast().registry()));
        chain.save(files.resolve("registry-chain.json"));
        DevnetNode signingNode = oneOfEachService().getFirst();
        try (ApplicationContext context = start(signingNode, files)) {
            EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
            TrustedNetwork network = new Discovery(HTTP, layout.pin()).network(URI.create("http://127.0.0.1:" + server.getPort()));
            assertThat(network.epoch()).isEqualTo(2);
            Registry current = network.registry();
            assertThat(current.toDocument().nodes()).isEqualTo(layout.registry().toDocument().nodes());
        }
    }

    @Test
    void aNodeWhoseRegistryIsNotTheLastOfItsChainRefusesToStart() throws Exception {
        Path files = Files.createDirectories(directory.resolve("stale"));
        Files.write(files.resolve("registry.json"), genesis);
        goodChain().save(files.resolve("registry-chain.json"));
        DevnetNode signingNode = oneOfEachService().getFirst();
        Throwable refused = assertThrows(BeanInstantiationException.class, () -> start(signingNode, files).close());
        while (refused.getCause() != null) {
            refused = refused.getCause();
        }
        assertThat(refused.getMessage()).startsWith("refusing to start: registry chain refused (not-current, epoch 2)");
    }

    private static List<DevnetNode> oneOfEachService() {
        Map<Object, DevnetNode> first = new LinkedHashMap<>();
        layout.nodes().forEach(node -> first.putIfAbsent(node.service(), node));
        return List.copyOf(first.values());
    }

    private static ApplicationContext start(DevnetNode node, Path files) {
        Map<String, Object> properties = Map.of("sigil.node-id", node.id(),
                "sigil.registry", files.resolve("registry.json").toString(),
                "sigil.registry-chain", files.resolve("registry-chain.json").toString(),
                "sigil.store.kek-keyset", node.storeKeyFile().toString(),
                "sigil.data-dir", node.dataDirectory().toString(),
                "micronaut.server.host", "127.0.0.1", "micronaut.server.port", -1);
        return ApplicationContext.builder().deduceEnvironment(false).environments(node.service().wireName())
                .properties(properties).start();
    }

    private static String wireName(ChainFailure failure) {
        return failure.name().toLowerCase().replace('_', '-');
    }
}
