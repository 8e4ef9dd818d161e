package io.sigil.testing.epoch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetLayout;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.Role;
import io.sigil.registry.governance.EpochAbort;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.testing.epoch.EpochFixtures.BadApproval;
import io.sigil.wire.InfoResponse;
import io.sigil.wire.Problem;
import io.sigil.wire.WireFields;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.epoch.NodeEpochState;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * neither registry naming it, it refuses to start. A manager forwards the proposal and the abort
 * to it, as to the nodes of the running epoch.
 */
class JoiningNodeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path directory;

    private static DevnetLayout layout;
    private static List<OperatorKey> operators;
    private static Joiner joiner;

    /** A node only in the next registry: its data directory and the files it starts with. */
    private record Joiner(String id, Path data, Path registry, Path approval, Path shortApproval, byte[] registryBytes) {
    }

    @BeforeAll
    static void layOut() throws Exception {
        layout = DevnetLayout.create(directory.resolve("net"), new DevnetPlan(2, 1, 2, 1, 0));
        operators = EpochFixtures.operators(layout);
        joiner = joiner("node-1b", 1, "http://127.0.0.1:9");
    }

    /** Keys for {@code id} in {@code committee} at {@code url}, and epoch 2 = the running registry plus it, approved. */
    private static Joiner joiner(String id, int committee, String url) throws Exception {
        Path data = Files.createDirectories(directory.resolve(id));
        NodeIdentity identity = NodeIdentity.generate();
        identity.save(data.resolve("identity"));
        MasterKeySettings.writeNewKekKeyset(data.resolve("store-kek.json"));
        RegistryDocument running = layout.registry().toDocument();
        List<NodeDocument> nodes = new ArrayList<>(running.nodes());
        nodes.add(new NodeDocument(id, List.of("signing-client"), committee, url, identity.identityKey().toHex(),
                identity.encryptionKey().toHex()));
        byte[] next = EpochFixtures.registry(new RegistryDocument(running.networkId(), running.epoch(), running.threshold(),
                running.committees(), nodes, running.governance()), 2);
        Path registry = Files.write(data.resolve("registry-2.json"), next);
        Path approval = write(data.resolve("approval-2.json"),
                EpochFixtures.approval(running.networkId(), 2, next, operators.subList(0, 2)));
        Path shortApproval = write(data.resolve("approval-short.json"),
                EpochFixtures.approval(running.networkId(), 2, next, operators.subList(0, 1)));
        return new Joiner(id, data, registry, approval, shortApproval, next);
    }

    @Test
    void aNodeOnlyInTheApprovedNextRegistryStartsJoiningKeepsItAcrossARestartAndSignsNothing() throws Exception {
        for (int start = 1; start <= 2; start++) {
            try (ApplicationContext context = start(joiner, joiner.approval(), -1)) {
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
    void theManagerForwardsTheProposalAndTheAbortToANodeOnlyInTheNextEpoch() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Joiner second = joiner("node-2b", 2, "http://127.0.0.1:" + port);
        try (Devnet devnet = Devnet.start(layout.directory(), layout.plan());
             ApplicationContext joining = start(second, second.approval(), port)) {
            URI manager = URI.create(devnet.registry().nodesWithRole(Role.COMMUNICATION_MANAGER).getFirst().url().toString());
            EpochProposal proposal = new EpochProposal(WireFields.toBase64(second.registryBytes()),
                    Json.read(Files.readString(second.approval()), Approval.class));

            EpochStatus proposed = Json.read(post(manager.resolve("/v1/epoch/propose"), Json.writeBytes(proposal)).body(),
                    EpochStatus.class);

            assertThat(proposed.phase()).isEqualTo(EpochStatus.PROPOSED);
            assertThat(proposed.missing()).isEmpty();
            assertThat(proposed.nodes()).extracting(EpochStatus.NodeAnswer::node)
                    .containsExactlyInAnyOrder("node-1a", "node-2a", "node-2b");
            EpochStatus.NodeAnswer fromJoiner = proposed.nodes().stream().filter(node -> node.node().equals("node-2b"))
                    .findFirst().orElseThrow();
            assertThat(fromJoiner.outcome()).isEqualTo(EpochStatus.NodeAnswer.ACCEPTED);
            URI base = URI.create("http://127.0.0.1:" + port);
            assertThat(Json.read(get(base.resolve("/v1/epoch")).body(), NodeEpochState.class).proposed()).isEqualTo(2);

            EpochAbort abort = EpochAbort.sign(operators.get(0), proposed.networkId(), 2, proposed.documentSha256(),
                    System.currentTimeMillis());
            EpochStatus aborted = Json.read(post(manager.resolve("/v1/epoch/abort"), Json.writeBytes(abort)).body(),
                    EpochStatus.class);

            assertThat(aborted.phase()).isEqualTo(EpochStatus.ABORTED);
            assertThat(aborted.nodes()).extracting(EpochStatus.NodeAnswer::node).contains("node-2b");
            NodeEpochState after = Json.read(get(base.resolve("/v1/epoch")).body(), NodeEpochState.class);
            assertThat(after.proposed()).isNull();
            assertThat(after.state()).isEqualTo(NodeEpochState.JOINING);
        }
    }

    @Test
    void aProposedRegistryShortOfTheQuorumStopsTheStart() {
        Throwable refused = assertThrows(BeanInstantiationException.class,
                () -> start(joiner, joiner.shortApproval(), -1).close());
        while (refused.getCause() != null) {
            refused = refused.getCause();
        }
        assertThat(refused.getMessage()).startsWith("refusing to start: the proposed registry")
                .contains("(" + BadApproval.TOO_FEW_OPERATORS.reason + ", epoch 2)");
    }

    private static ApplicationContext start(Joiner node, Path approval, int port) {
        Map<String, Object> properties = Map.of("sigil.node-id", node.id(),
                "sigil.registry", layout.registryFile().toString(),
                "sigil.proposed-registry", node.registry().toString(),
                "sigil.proposed-approval", approval.toString(),
                "sigil.store.kek-keyset", node.data().resolve("store-kek.json").toString(),
                "sigil.data-dir", node.data().toString(),
                "micronaut.server.host", "127.0.0.1", "micronaut.server.port", port);
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

    private static HttpResponse<String> post(URI uri, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path write(Path file, Approval approval) throws Exception {
        return Files.writeString(file, Json.writePretty(approval));
    }
}
