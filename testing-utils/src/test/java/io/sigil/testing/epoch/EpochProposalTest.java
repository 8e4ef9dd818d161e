package io.sigil.testing.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.testing.keygen.Activations;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.HashRule;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.Deletion;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.registry.governance.EpochAbort;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.testing.epoch.EpochFixtures.BadApproval;
import io.sigil.testing.sign.ManagerPosts;
import io.sigil.wire.InfoResponse;
import io.sigil.wire.Problem;
import io.sigil.wire.epoch.EpochAnswer;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.epoch.NodeEpochState;
import io.sigil.wire.keygen.NewKeyRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The first step of an epoch change on an in-JVM devnet (2 committees × 2 nodes, docs/keygen.md
 * §3.2): every node checks the operators' approval against its own registry (a bad approval is
 * refused by each node even when it comes signed by the manager), an accepted proposal is kept
 * across a restart and freezes new_user, new_key and delete_user with 503 + Retry-After while
 * signing goes on, a restarted manager reads it back from the nodes, and an operator's abort
 * reopens them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EpochProposalTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static final HttpClient RAW = HttpClient.newHttpClient();

    @TempDir
    static Path directory;

    private static Devnet devnet;
    private static TrustedNetwork network;
    private static URI manager;
    private static List<OperatorKey> operators;
    private static AccountKey account;
    private static NetworkKey before;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, new DevnetPlan(2, 2, 2, 1, 0));
        network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
        manager = URI.create(network.managers().getFirst().url());
        operators = EpochFixtures.operators(devnet.layout());
        account = AccountKey.generate();
        before = new NetworkKeyClient(HTTP).generate(network, account, NewKeyOptions.defaults(), WAIT);
        Activations.settled(devnet); // no activate still running when a node is proposed to directly
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @ParameterizedTest
    @EnumSource(BadApproval.class)
    @Order(1)
    void aBadApprovalIsRefusedByTheManagerAndByEveryNodeItself(BadApproval bad) throws Exception {
        EpochProposal proposal = EpochFixtures.bad(devnet.layout(), operators, bad);

        HttpResponse<String> atManager = post(manager.resolve("/v1/epoch/propose"), Json.writeBytes(proposal));
        assertThat(atManager.statusCode()).isEqualTo(422);
        assertThat(Json.read(atManager.body(), Problem.class).type()).isEqualTo(Problem.TYPE_PREFIX + bad.reason);

        // as if a manager forwarded it anyway: each node checks against its own registry
        for (NodeEntry node : signingNodes()) {
            HttpResponse<String> refused = ManagerPosts.post(devnet, "manager-1", node.id(), "/v1/epoch/proposal",
                    Json.writeBytes(proposal));
            assertThat(refused.statusCode()).as(node.id()).isEqualTo(422);
            EpochAnswer answer = Json.read(refused.body(), EpochAnswer.class);
            assertThat(answer.node()).isEqualTo(node.id());
            assertThat(answer.accepted()).isFalse();
            assertThat(answer.reason()).as(node.id() + ": " + answer.detail()).isEqualTo(bad.reason);
            assertThat(answer.verifiesUnder(node.identityKey())).as("signed by " + node.id()).isTrue();
            NodeEpochState state = nodeState(node);
            assertThat(state.state()).isEqualTo(NodeEpochState.ACTIVE);
            assertThat(state.proposed()).isNull();
        }
        assertThat(HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class).phase()).isEqualTo(EpochStatus.IDLE);
    }

    @Test
    @Order(2)
    void anApprovedProposalIsAcceptedByEveryNodeAndSurvivesARestart() throws Exception {
        EpochProposal proposal = EpochFixtures.good(devnet.layout(), operators);

        EpochStatus status = HTTP.post(manager.resolve("/v1/epoch/propose"), proposal, EpochStatus.class);

        assertThat(status.phase()).isEqualTo(EpochStatus.PROPOSED);
        assertThat(status.current()).isEqualTo(1);
        assertThat(status.proposed()).isEqualTo(2);
        assertThat(status.missing()).isEmpty();
        assertThat(status.keysTotal()).isEqualTo(1);
        assertThat(status.keysDone()).isZero();
        assertThat(status.nodes()).extracting(EpochStatus.NodeAnswer::node)
                .containsExactlyInAnyOrderElementsOf(signingNodes().stream().map(NodeEntry::id).toList());
        for (EpochStatus.NodeAnswer answer : status.nodes()) {
            assertThat(answer.outcome()).as(answer.node() + ": " + answer.detail()).isEqualTo(EpochStatus.NodeAnswer.ACCEPTED);
            assertThat(answer.answer().verifiesUnder(devnet.registry().node(answer.node()).orElseThrow().identityKey()))
                    .isTrue();
        }

        devnet.restart("node-1a");

        NodeEntry restarted = devnet.registry().node("node-1a").orElseThrow();
        NodeEpochState state = nodeState(restarted);
        assertThat(state.state()).isEqualTo(NodeEpochState.PROPOSED);
        assertThat(state.proposed()).isEqualTo(2);
        assertThat(state.documentSha256()).isEqualTo(status.documentSha256());
        InfoResponse info = HTTP.get(restarted.url().resolve("/v1/info"), InfoResponse.class);
        assertThat(info.epochState()).isEqualTo(NodeEpochState.PROPOSED);
        assertThat(info.proposedEpoch()).isEqualTo(2);
        HttpResponse<String> readiness = RAW.send(HttpRequest.newBuilder(restarted.url().resolve("/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(Json.read(readiness.body(), Map.class)).containsEntry("epochState", "proposed");
    }

    @Test
    @Order(3)
    void whileItIsOpenNewUserNewKeyAndDeleteUserWaitAndSigningGoesOn() throws Exception {
        NewKeyRequest newKey = new NetworkKeyClient(HTTP).request(network, AccountKey.generate(), NewKeyOptions.defaults());
        assertRetryLater(post(manager.resolve("/v1/new_key"), Json.writeBytes(newKey)), "new_key at the manager");
        for (NodeEntry node : signingNodes()) {
            String leader = "leader-" + node.committee().orElseThrow();
            // the gates stand before anything else is read: a node refuses whatever the sender's own checks were
            assertRetryLater(ManagerPosts.post(devnet, "manager-1", node.id(), "/v1/dkg/commit", "{}".getBytes()),
                    "dkg commit at " + node.id());
            assertRetryLater(ManagerPosts.post(devnet, "manager-1", node.id(), "/v1/dkg/deliver", "{}".getBytes()),
                    "dkg deliver at " + node.id());
            assertRetryLater(ManagerPosts.post(devnet, leader, node.id(), "/v1/new_user", "{}".getBytes()),
                    "new_user at " + node.id());
            assertRetryLater(ManagerPosts.post(devnet, leader, node.id(), "/v1/delete_user", "{}".getBytes()),
                    "delete_user at " + node.id());
        }
        Registration dealt = new UserClient(HTTP).register(network, AccountKey.generate(), NewKeyOptions.defaults());
        assertThat(dealt.isComplete()).isFalse();
        assertThat(dealt.failures()).isNotEmpty().allSatisfy(failure -> {
            assertThat(failure.status()).isEqualTo(503);
            assertThat(failure.type()).isEqualTo(Problem.TYPE_PREFIX + "epoch-change-open");
        });
        Deletion deletion = new UserClient(HTTP).delete(network, account, before.keyId(), before.publicKey());
        assertThat(deletion.isComplete()).isFalse();
        assertThat(deletion.acks()).isEmpty();

        assertThat(sign(before, "signing goes on during the proposal").isDone()).isTrue();
    }

    @Test
    @Order(4)
    void aRestartedManagerReadsTheOpenProposalBackFromTheNodes() throws Exception {
        EpochStatus before = HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class);

        devnet.restart("manager-1");

        EpochStatus after = HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class);
        assertThat(after.phase()).isEqualTo(EpochStatus.PROPOSED);
        assertThat(after.proposed()).isEqualTo(2);
        assertThat(after.documentSha256()).isEqualTo(before.documentSha256());
        assertThat(after.missing()).isEmpty();
        NewKeyRequest newKey = new NetworkKeyClient(HTTP).request(network, AccountKey.generate(), NewKeyOptions.defaults());
        assertRetryLater(post(manager.resolve("/v1/new_key"), Json.writeBytes(newKey)), "new_key at the restarted manager");
    }

    @Test
    @Order(5)
    void anAbortByANonOperatorIsRefusedByEveryNodeAndTheProposalStays() throws Exception {
        EpochStatus open = HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class);
        EpochAbort forged = EpochAbort.sign(OperatorKey.generate("operator-1"), open.networkId(), open.proposed(),
                open.documentSha256(), System.currentTimeMillis());

        assertThat(post(manager.resolve("/v1/epoch/abort"), Json.writeBytes(forged)).statusCode()).isEqualTo(422);
        for (NodeEntry node : signingNodes()) {
            HttpResponse<String> refused = ManagerPosts.post(devnet, "manager-1", node.id(), "/v1/epoch/abort",
                    Json.writeBytes(forged));
            assertThat(refused.statusCode()).as(node.id()).isEqualTo(422);
            assertThat(Json.read(refused.body(), EpochAnswer.class).reason()).isEqualTo("bad-signature");
            assertThat(nodeState(node).state()).isEqualTo(NodeEpochState.PROPOSED);
        }
    }

    @Test
    @Order(6)
    void anOperatorsAbortReopensNewUserNewKeyAndDeleteUser() throws Exception {
        EpochStatus open = HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class);
        EpochAbort abort = EpochAbort.sign(operators.get(2), open.networkId(), open.proposed(), open.documentSha256(),
                System.currentTimeMillis());

        EpochStatus aborted = HTTP.post(manager.resolve("/v1/epoch/abort"), abort, EpochStatus.class);

        assertThat(aborted.phase()).isEqualTo(EpochStatus.ABORTED);
        assertThat(aborted.proposed()).isNull();
        assertThat(aborted.nodes()).allSatisfy(answer -> assertThat(answer.reason()).isEqualTo("aborted"));
        for (NodeEntry node : signingNodes()) {
            assertThat(nodeState(node).state()).isEqualTo(NodeEpochState.ACTIVE);
        }
        NetworkKey after = new NetworkKeyClient(HTTP).generate(network, AccountKey.generate(), NewKeyOptions.defaults(), WAIT);
        assertThat(after.acks()).isNotEmpty();
        assertThat(new UserClient(HTTP).register(network, AccountKey.generate(), NewKeyOptions.defaults()).isComplete())
                .isTrue();
        assertThat(new UserClient(HTTP).delete(network, account, before.keyId(), before.publicKey()).isComplete()).isTrue();
    }

    private static void assertRetryLater(HttpResponse<String> answer, String what) {
        assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).as(what).isPresent();
        assertThat(Json.read(answer.body(), Problem.class).type()).as(what).isEqualTo(Problem.TYPE_PREFIX + "epoch-change-open");
    }

    private static SignatureResult sign(NetworkKey key, String text) throws Exception {
        try (SignClient signer = new SignClient(HTTP)) {
            return signer.sign(network, account, AccountFile.KeyEntry.of(key), new MessageInput.Text(text, HashRule.EIP191),
                    WAIT);
        }
    }

    private static NodeEpochState nodeState(NodeEntry node) throws Exception {
        return HTTP.get(node.url().resolve("/v1/epoch"), NodeEpochState.class);
    }

    private static List<NodeEntry> signingNodes() {
        return devnet.registry().nodesWithRole(Role.SIGNING_CLIENT);
    }

    private static HttpResponse<String> post(URI target, byte[] body) throws Exception {
        return RAW.send(HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
