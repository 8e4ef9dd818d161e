package io.sigil.testing.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.registry.governance.RegistryChain;
import io.sigil.wire.WireFields;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.json.Json;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.wire.InfoResponse;
import io.sigil.wire.NodeView;
import io.sigil.wire.FaultReport;
import io.sigil.wire.Problem;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WhoCmResponse;

/** Boots the default devnet (10 application contexts on random ports) and checks discovery. */
class DevnetDiscoveryTest {
    @TempDir
    static Path directory;

    private static Devnet devnet;
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(10));

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT);
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void everyNodeOfTheDefaultLayoutIsRunning() {
        assertThat(devnet.layout().nodes()).hasSize(10);
        assertThat(devnet.runningNodes()).isEqualTo(10);
    }

    @Test
    void everySigningNodeListsExactlyTheRegistrysCommitteesNodesAndKeys() throws Exception {
        Registry registry = devnet.registry();
        RegistryChain genesisOnly = RegistryChain.genesisOnly(Files.readAllBytes(devnet.layout().registryFile()));
        for (DevnetNode node : signingNodes()) {
            TrustedNetwork trusted = new Discovery(HTTP, devnet.pin()).network(URI.create(node.url()));
            assertThat(trusted.registry().toDocument()).isEqualTo(registry.toDocument());
            assertThat(trusted.committees()).isEqualTo(registry.committees().stream().map(WhoClResponse.CommitteeView::of).toList());
            WhoClResponse who = HTTP.get(URI.create(node.url() + "/v1/who_cl"), WhoClResponse.class);
            assertThat(who.registryChain()).isEqualTo(genesisOnly);
            assertThat(who.networkId()).isEqualTo(registry.networkId());
            assertThat(who.epoch()).isEqualTo(registry.epoch());
            assertThat(who.n()).isEqualTo(3);
            assertThat(who.threshold()).isEqualTo(2);
            assertThat(who.committees()).extracting(WhoClResponse.CommitteeView::index).containsExactly(1, 2, 3);
            for (WhoClResponse.CommitteeView committee : who.committees()) {
                List<NodeView> expectedNodes = registry.nodes().stream()
                        .filter(entry -> entry.inCommittee(committee.index()) && entry.hasRole(Role.SIGNING_CLIENT))
                        .map(NodeView::of).toList();
                List<NodeView> expectedLeaders = registry.nodes().stream()
                        .filter(entry -> entry.inCommittee(committee.index()) && entry.hasRole(Role.COMMITTEE_LEADER))
                        .map(NodeView::of).toList();
                assertThat(committee.nodes()).hasSize(2).containsExactlyElementsOf(expectedNodes);
                assertThat(committee.leaders()).hasSize(1).containsExactlyElementsOf(expectedLeaders);
            }
            Map<String, NodeView> listed = who.committees().stream()
                    .flatMap(committee -> java.util.stream.Stream.concat(committee.nodes().stream(), committee.leaders().stream()))
                    .collect(Collectors.toMap(NodeView::id, Function.identity()));
            for (NodeEntry entry : registry.nodes()) {
                if (!entry.hasRole(Role.COMMUNICATION_MANAGER)) {
                    assertThat(listed.get(entry.id()).identityKey()).isEqualTo(entry.identityKey().toHex());
                    assertThat(listed.get(entry.id()).encryptionKey()).isEqualTo(entry.encryptionKey().toHex());
                }
            }
        }
    }

    @Test
    void everySigningNodeListsExactlyTheRegistrysManagers() throws Exception {
        List<NodeView> expected = devnet.registry().managers().stream().map(NodeView::of).toList();
        for (DevnetNode node : signingNodes()) {
            WhoCmResponse who = HTTP.get(URI.create(node.url() + "/v1/who_cm"), WhoCmResponse.class);
            assertThat(who.managers()).hasSize(1).containsExactlyElementsOf(expected);
            assertThat(who.registryChain().genesis()).isEqualTo(
                    WireFields.toBase64(Files.readAllBytes(devnet.layout().registryFile())));
            assertThat(new Discovery(HTTP, devnet.pin()).network(URI.create(node.url())).managers())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void everyServiceReportsItsOwnIdentityAndIsHealthy() throws Exception {
        for (DevnetNode node : devnet.layout().nodes()) {
            InfoResponse info = HTTP.get(URI.create(node.url() + "/v1/info"), InfoResponse.class);
            NodeEntry entry = devnet.registry().node(node.id()).orElseThrow();
            assertThat(info.id()).isEqualTo(node.id());
            assertThat(info.service()).isEqualTo(node.service().wireName());
            assertThat(info.committee()).isEqualTo(node.committee());
            assertThat(info.epoch()).isEqualTo(1);
            assertThat(info.identityKey()).isEqualTo(entry.identityKey().toHex());
            assertThat(info.encryptionKey()).isEqualTo(entry.encryptionKey().toHex());
            assertThat(get(node.url() + "/health/liveness").statusCode()).isEqualTo(200);
            HttpResponse<String> readiness = get(node.url() + "/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void unsignedNodeCallsAreRefusedAndCountedAndEveryServiceServesPrometheus() throws Exception {
        for (DevnetNode node : devnet.layout().nodes()) {
            // leaders take only users' requests; the other two each have node-signed endpoints
            String nodeOnlyPath = switch (node.service()) {
                case SIGNING_CLIENT -> "/v1/new_party";
                case COMMUNICATION_MANAGER -> "/v1/report";
                case COMMITTEE_LEADER -> null;
            };
            if (nodeOnlyPath != null) {
                long before = HTTP.get(URI.create(node.url() + "/v1/faults"), FaultReport.class)
                        .refused("node-request", "unauthorized");
                try (HttpClient client = HttpClient.newHttpClient()) {
                    HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(node.url()
                            + nodeOnlyPath)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(refused.statusCode()).as(node.id() + nodeOnlyPath).isEqualTo(401);
                }
                assertThat(HTTP.get(URI.create(node.url() + "/v1/faults"), FaultReport.class)
                        .refused("node-request", "unauthorized")).isEqualTo(before + 1);
            }
            HttpResponse<String> scrape = get(node.url() + "/prometheus");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/plain"));
            assertThat(scrape.body()).contains("jvm_memory_used_bytes").contains("node=\"" + node.id() + "\"");
            if (nodeOnlyPath != null) {
                assertThat(scrape.body()).containsPattern("sigil_refused_total\\{[^}]*reason=\"unauthorized\"");
            }
        }
    }

    @Test
    void discoveryIsServedBySigningNodesOnlyAndErrorsAreProblemJson() throws Exception {
        DevnetNode leader = devnet.layout().nodes().stream()
                .filter(node -> node.service() == Role.COMMITTEE_LEADER).findFirst().orElseThrow();
        SigilApiException refused = assertThrows(SigilApiException.class,
                () -> new Discovery(HTTP, devnet.pin()).network(URI.create(leader.url())));
        assertThat(refused.status()).isEqualTo(404);
        HttpResponse<String> response = get(leader.url() + "/v1/who_cl");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(Problem.MEDIA_TYPE));
        Problem problem = Json.read(response.body(), Problem.class);
        assertThat(problem.status()).isEqualTo(404);
        assertThat(problem.type()).isEqualTo("urn:sigil:problem:not-found");
        assertThat(problem.instance()).isEqualTo("/v1/who_cl");
    }

    private static List<DevnetNode> signingNodes() {
        return devnet.layout().nodes().stream().filter(node -> node.service() == Role.SIGNING_CLIENT).toList();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
