package io.sigil.testing.epoch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sigil.devnet.network.DevnetLayout;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.testing.epoch.EpochFixtures.BadApproval;
import io.sigil.wire.InfoResponse;
import io.sigil.wire.Problem;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.epoch.NodeEpochState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node new in epoch 2 (docs/keygen.md §3.2, "joining"): started with the running registry of
 * epoch 1 and the approved registry of epoch 2 that names it, it answers {@code joining} in
 * {@code /v1/info}, readiness and {@code /v1/epoch}, keeps the proposal across a restart, and
 * signs nothing; started with a proposed registry whose approval is short of the quorum, or with
 * neither registry naming it, it refuses to start.
 */
class JoiningNodeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path directory;

    private static DevnetLayout layout;
    private static List<OperatorKey> operators;
    private static Path data;

    @BeforeAll
    static void layOut() throws Exception {
        layout = DevnetLayout.create(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0));
        operators = EpochFixtures.operators(layout);
        data = Files.createDirectories(directory.resolve("node-1b"));
        NodeIdentity identity = NodeIdentity.generate();
        identity.save(data.resolve("identity"));
        MasterKeySettings.writeNewKekKeyset(data.resolve("store-kek.json"));
        RegistryDocument running = layout.registry().toDocument();
        List<NodeDocument> nodes = new ArrayList<>(running.nodes());
        nodes.add(new NodeDocument("node-1b", List.of("signing-client"), 1, "http://127.0.0.1:9",
                identity.identityKey().toHex(), identity.encryptionKey().toHex()));
        byte[] next = EpochFixtures.registry(new RegistryDocument(running.networkId(), running.epoch(), running.threshold(),
                running.committees(), nodes, running.governance()), 2);
        Files.write(directory.resolve("registry-2.json"), next);
        write("approval-2.json", EpochFixtures.approval(running.networkId(), 2, next, operators.subList(0, 2)));
        write("approval-short.json", EpochFixtures.approval(running.networkId(), 2, next, operators.subList(0, 1)));
    }

    @Test
    void aNodeOnlyInTheApprovedNextRegistryStartsJoiningKeepsItAcrossARestartAndSignsNothing() throws Exception {
        for (int start = 1; start <= 2; start++) {
            try (ApplicationContext context = start("approval-2.json")) {
                URI base = URI.create("http://127.0.0.1:" + context.getBean(EmbeddedServer.class).getPort());

                InfoResponse info = Json.read(get(base.resolve("/v1/info")).body(), InfoResponse.class);
                assertThat(info.id()).isEqualTo("node-1b");
                assertThat(info.epoch()).isEqualTo(1);
                assertThat(info.epochState()).isEqualTo(NodeEpochState.JOINING);
                assertThat(info.proposedEpoch()).isEqualTo(2);
                HttpResponse<String> readiness = get(base.resolve("/health/readiness"));
                assertThat(readiness.statusCode()).isEqualTo(200);
                assertThat(Json.read(readiness.body(), Map.class)).containsEntry("status", "JOINING");
                NodeEpochState state = Json.read(get(base.resolve("/v1/epoch")).body(), NodeEpochState.class);
                assertThat(state.state()).isEqualTo(NodeEpochState.JOINING);
                assertThat(state.proposed()).as("start %d", start).isEqualTo(2);

                HttpResponse<String> signing = postAsManager(base, "/v1/new_party");
                assertThat(signing.statusCode()).isEqualTo(503);
                assertThat(signing.headers().firstValue("Retry-After")).isPresent();
                assertThat(Json.read(signing.body(), Problem.class).type()).isEqualTo(Problem.TYPE_PREFIX + "node-joining");
            }
        }
    }

    @Test
    void aProposedRegistryShortOfTheQuorumStopsTheStart() {
        Throwable refused = assertThrows(BeanInstantiationException.class, () -> start("approval-short.json").close());
        while (refused.getCause() != null) {
            refused = refused.getCause();
        }
        assertThat(refused.getMessage()).startsWith("refusing to start: the proposed registry")
                .contains("(" + BadApproval.TOO_FEW_OPERATORS.reason + ", epoch 2)");
    }

    private static ApplicationContext start(String approval) {
        Map<String, Object> properties = Map.of("sigil.node-id", "node-1b",
                "sigil.registry", layout.registryFile().toString(),
                "sigil.proposed-registry", directory.resolve("registry-2.json").toString(),
                "sigil.proposed-approval", directory.resolve(approval).toString(),
                "sigil.store.kek-keyset", data.resolve("store-kek.json").toString(),
                "sigil.data-dir", data.toString(),
                "micronaut.server.host", "127.0.0.1", "micronaut.server.port", -1);
        ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).environments("signing-client")
                .properties(properties).start();
        context.getBean(EmbeddedServer.class).start();
        return context;
    }

    private static HttpResponse<String> postAsManager(URI base, String path) throws Exception {
        DevnetNode manager = layout.nodes().stream().filter(node -> node.id().equals("manager-1")).findFirst().orElseThrow();
        NodeIdentity identity = NodeIdentity.load(manager.dataDirectory().resolve("identity"));
        byte[] body = "{}".getBytes();
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        NodeRequestSignature.headers(identity, "manager-1", "node-1b", "POST", path, body, System.currentTimeMillis())
                .forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void write(String name, Approval approval) throws Exception {
        Files.writeString(directory.resolve(name), Json.writePretty(approval));
    }
}
