package io.sigil.testing.epoch;

import static io.sigil.testing.epoch.CommitFixtures.HTTP;
import static io.sigil.testing.epoch.CommitFixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.epoch.CommitCatchUp;
import io.sigil.node.faults.FaultInjection;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.governance.EpochDeadline;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.wire.Problem;
import io.sigil.wire.WireFields;
import io.sigil.wire.epoch.EpochAnswer;
import io.sigil.wire.epoch.EpochCommit;
import io.sigil.wire.epoch.EpochCommitRequest;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.reshare.SignedReady;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle §3.2 step 4 with the operator's deadline, and a commit learned by a node that stayed
 * up (docs/keygen.md §6.4), on an in-JVM devnet of 2 committees × 2 nodes (t = 2), a network key:
 * <ol>
 *   <li>A refresh to epoch 2 with node-2b held at {@code prepare} (the manager gives up on it
 *       after its call's timeout) and then stopped: every key is reshared but the change stays
 *       {@code proposed} with node-2b {@code missing}. The manager refuses a commit without a
 *       deadline ({@code ready-missing} naming node-2b), with a deadline still to come
 *       ({@code deadline-not-passed}) and with a deadline signed by a non-operator
 *       ({@code deadline-invalid}); posted as the manager, node-1a refuses the same three by
 *       itself. With a passed deadline the three live nodes commit, node-2b is {@code missing}, and
 *       the key signs in epoch 2; node-2b restarted learns the commit from its peers and holds
 *       the key ACTIVE (its pending record from the reshare), a shard passing Feldman.</li>
 *   <li>A refresh to epoch 3 that prepares; the test, as the manager, sends the commit with every
 *       ready to every node but node-2b, which stays up with its proposal open; its catch-up
 *       loop (woken early by the test; it runs without a restart) finds the commit at a peer and
 *       node-2b runs epoch 3 with the key; the manager's own commit then finds every node
 *       {@code already-committed}, and the key signs.</li>
 * </ol>
 */
class CommitDeadlineTest {
    private static final HttpClient RAW = HttpClient.newHttpClient();
    private static final List<String> NODES = List.of("node-1a", "node-1b", "node-2a", "node-2b");

    @TempDir
    Path directory;

    @Test
    void aCommitAfterTheOperatorsDeadlineLeavesOutANodeThatWasDownAndANodeCutOffLearnsACommitByItself()
            throws Exception {
        Path faults = Files.createDirectories(directory.resolve("faults"));
        try (Devnet devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(2, 2, 2, 1, 0),
                Map.of(FaultInjection.PROPERTY, "true", FaultInjection.DIRECTORY_PROPERTY, faults.toString()))) {
            TrustedNetwork before = CommitFixtures.discover(devnet);
            URI manager = URI.create(before.managers().getFirst().url());
            AccountKey account = AccountKey.generate();
            NetworkKey key = new NetworkKeyClient(HTTP).generate(before, account, NewKeyOptions.defaults(), WAIT);
            List<OperatorKey> operators = EpochFixtures.operators(devnet.layout());
            RegistryDocument running = devnet.registry().toDocument();

            // 1. node-2b held at prepare, then down: every key reshared, no ready from node-2b
            String sha256 = propose(manager, running, 2, operators);
            Path gate = Files.createFile(faults.resolve("node-2b.park." + FaultInjection.PREPARE));
            EpochStatus reshared = CommitFixtures.reshare(manager);
            assertThat(Files.exists(faults.resolve("node-2b.parked." + FaultInjection.PREPARE))).isTrue();
            Files.delete(gate);
            devnet.stop("node-2b");
            assertThat(reshared.phase()).isEqualTo(EpochStatus.PROPOSED);
            assertThat(reshared.keysDone()).isEqualTo(1);
            assertThat(reshared.keysTotal()).isEqualTo(1);
            assertThat(reshared.missing()).containsExactly("node-2b");

            long now = System.currentTimeMillis();
            EpochDeadline passed = EpochDeadline.sign(operators.get(2), running.networkId(), 2, sha256, now - 1_000);
            EpochDeadline toCome = EpochDeadline.sign(operators.get(0), running.networkId(), 2, sha256, now + 3_600_000);
            EpochDeadline stranger = EpochDeadline.sign(OperatorKey.generate(operators.get(0).id()), running.networkId(), 2,
                    sha256, now - 1_000);
            assertManagerRefuses(manager, null, "ready-missing", "node-2b");
            assertManagerRefuses(manager, toCome, "deadline-not-passed", "node-2b");
            assertManagerRefuses(manager, stranger, "deadline-invalid", "bad-signature");

            // the nodes check it themselves: node-1a, posted to as the manager, with the three live readies
            List<SignedReady> live = readies(devnet, List.of("node-1a", "node-1b", "node-2a"));
            assertNodeRefuses(devnet, new EpochCommit(running.networkId(), 2, sha256, live), "ready-missing");
            assertNodeRefuses(devnet, new EpochCommit(running.networkId(), 2, sha256, live, toCome), "deadline-not-passed");
            assertNodeRefuses(devnet, new EpochCommit(running.networkId(), 2, sha256, live, stranger), "deadline-invalid");
            assertNodeRefuses(devnet, new EpochCommit(running.networkId(), 2, sha256,
                    live.stream().filter(ready -> !ready.nodeId().equals("node-2a")).toList(), passed), "ready-missing");

            EpochStatus committed = commit(manager, passed);
            assertThat(committed.phase()).isEqualTo(EpochStatus.COMMITTED);
            assertThat(committed.current()).isEqualTo(2);
            assertThat(committed.missing()).containsExactly("node-2b");
            for (String node : List.of("node-1a", "node-1b", "node-2a")) {
                assertActive(devnet, node, 2, key);
            }
            CommitFixtures.signAndVerify(CommitFixtures.discover(devnet), account, key.keyId(), key.publicKey(), 2, 2,
                    "epoch 2, committed after the deadline without node-2b");

            devnet.restart("node-2b");
            CommitFixtures.awaitEpoch(devnet, "node-2b", 2);
            assertActive(devnet, "node-2b", 2, key);

            // 2. node-2b up but cut off from the commit of epoch 3: its catch-up loop learns it
            String third = propose(manager, running, 3, operators);
            assertThat(CommitFixtures.reshare(manager).phase()).isEqualTo(EpochStatus.PREPARED);
            EpochCommit all = new EpochCommit(running.networkId(), 3, third, readies(devnet, NODES));
            for (String node : List.of("node-1a", "node-1b", "node-2a")) {
                HttpResponse<String> answer = CommitFixtures.postAsManager(devnet, CommitFixtures.url(devnet, node),
                        node, "/v1/epoch/commit", all);
                assertThat(answer.statusCode()).as(node + ": " + answer.body()).isEqualTo(200);
            }
            devnet.context("node-2b").getBean(CommitCatchUp.class).askSoon();
            CommitFixtures.awaitEpoch(devnet, "node-2b", 3);
            assertActive(devnet, "node-2b", 3, key);
            // the manager, still in epoch 2, commits its prepared change: every node already did
            EpochStatus managerCommit = commit(manager, null);
            assertThat(managerCommit.current()).isEqualTo(3);
            assertThat(managerCommit.nodes()).hasSize(4).allSatisfy(node ->
                    assertThat(node.answer().reason()).as(node.node()).isEqualTo("already-committed"));
            CommitFixtures.signAndVerify(CommitFixtures.discover(devnet), account, key.keyId(), key.publicKey(), 2, 2,
                    "epoch 3, node-2b caught up while up");
        }
    }

    private static String propose(URI manager, RegistryDocument running, long epoch, List<OperatorKey> operators)
            throws Exception {
        byte[] bytes = EpochFixtures.registry(running, epoch);
        EpochStatus proposed = HTTP.post(manager.resolve("/v1/epoch/propose"), new EpochProposal(
                WireFields.toBase64(bytes), EpochFixtures.approval(running.networkId(), epoch, bytes,
                        operators.subList(0, 2))), EpochStatus.class);
        assertThat(proposed.phase()).isEqualTo(EpochStatus.PROPOSED);
        assertThat(proposed.missing()).isEmpty();
        return proposed.documentSha256();
    }

    private static EpochStatus commit(URI manager, EpochDeadline deadline) throws Exception {
        HttpResponse<String> answer = postToManager(manager, deadline);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Json.read(answer.body(), EpochStatus.class);
    }

    private static void assertManagerRefuses(URI manager, EpochDeadline deadline, String reason, String named)
            throws Exception {
        HttpResponse<String> answer = postToManager(manager, deadline);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        Problem problem = Json.read(answer.body(), Problem.class);
        assertThat(problem.type()).isEqualTo(Problem.TYPE_PREFIX + reason);
        assertThat(problem.detail()).contains(named);
        assertThat(HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class).phase()).isEqualTo(EpochStatus.PROPOSED);
    }

    private static HttpResponse<String> postToManager(URI manager, EpochDeadline deadline) throws Exception {
        Object body = deadline == null ? Map.of() : new EpochCommitRequest(deadline);
        return RAW.send(HttpRequest.newBuilder(manager.resolve("/v1/epoch/commit"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNodeRefuses(Devnet devnet, EpochCommit commit, String reason) throws Exception {
        HttpResponse<String> answer = CommitFixtures.postAsManager(devnet, CommitFixtures.url(devnet, "node-1a"),
                "node-1a", "/v1/epoch/commit", commit);
        assertThat(answer.statusCode()).as(reason + ": " + answer.body()).isIn(409, 422);
        EpochAnswer signed = Json.read(answer.body(), EpochAnswer.class);
        assertThat(signed.accepted()).isFalse();
        assertThat(signed.reason()).as(signed.detail()).isEqualTo(reason);
        assertThat(CommitFixtures.info(devnet, "node-1a").epoch()).isEqualTo(1);
    }

    /** The readies {@code nodes} sign, asked as the manager does (prepare). */
    private static List<SignedReady> readies(Devnet devnet, List<String> nodes) throws Exception {
        List<SignedReady> readies = new ArrayList<>();
        for (String node : nodes) {
            HttpResponse<String> answer = CommitFixtures.postAsManager(devnet, CommitFixtures.url(devnet, node), node,
                    "/v1/epoch/prepare", Map.of());
            assertThat(answer.statusCode()).as(node + ": " + answer.body()).isEqualTo(200);
            readies.add(Json.read(answer.body(), SignedReady.class));
        }
        return readies;
    }

    /** {@code node} runs {@code epoch} with the key ACTIVE, no pending record, a shard passing Feldman. */
    private static void assertActive(Devnet devnet, String node, long epoch, NetworkKey key) throws Exception {
        assertThat(CommitFixtures.info(devnet, node).epoch()).as(node).isEqualTo(epoch);
        EncryptedStore store = CommitFixtures.store(devnet.context(node));
        assertThat(store.count(NodeStore.RESHARE_PENDING)).as(node).isZero();
        KeyRecord record = KeyRecord.decode(store.get(NodeStore.KEYS, KeyRecord.storeKey(key.userId(), key.keyId()))
                .orElseThrow(() -> new AssertionError(node + " holds no record of the key")));
        assertThat(record.publicKey()).as(node).isEqualTo(key.publicKey());
        assertThat(record.commitments().verifyShard(record.committee(), record.share())).as(node).isTrue();
        record.destroy();
    }
}
