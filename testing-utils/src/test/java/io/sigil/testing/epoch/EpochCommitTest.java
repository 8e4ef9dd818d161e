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
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.wire.Problem;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.epoch.NodeEpochState;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle §3.2 step 4 on an in-JVM devnet of 3 committees × 2 nodes (t = 2): committee 3 is
 * removed (→ 2 × 2) while node-2b is down. Its nodes end {@code retired} (info, readiness 503,
 * {@code node-retired} for protocol work, also after a restart) with no key, pending record,
 * evidence or pair state in their stores; the key signs on the two remaining committees; node-2b,
 * back in epoch 1 with its proposal, applies the commit it reads from its peers (their readies);
 * the manager, restarted with its epoch-1 registry file, learns the commit from the nodes, runs
 * epoch 2 and sends the commit again (every node answers {@code already-committed}), and the key
 * signs through it. Then a refresh (epoch 3, the same nodes): every
 * shard changes and still fits the key's commitments, the old shard no longer does, and the key
 * signs again. That old and new shards do not combine is shown by the one test allowed to
 * interpolate ({@code NetworkKeyReconstructionTest}).
 */
class EpochCommitTest {
    private static final List<String> REMAINING = List.of("node-1a", "node-1b", "node-2a", "node-2b");
    private static final List<String> RETIRED = List.of("node-3a", "node-3b");

    @TempDir
    Path directory;

    @Test
    void aRemovedCommitteeRetiresANodeDownDuringTheCommitLearnsItAndARefreshReplacesEveryShard() throws Exception {
        try (Devnet devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(3, 2, 2, 1, 0))) {
            TrustedNetwork before = CommitFixtures.discover(devnet);
            URI manager = URI.create(before.managers().getFirst().url());
            AccountKey account = AccountKey.generate();
            NetworkKey key = new NetworkKeyClient(HTTP).generate(before, account, NewKeyOptions.defaults(), WAIT);
            byte[] name = KeyRecord.storeKey(key.userId(), key.keyId());
            List<OperatorKey> operators = EpochFixtures.operators(devnet.layout());

            RegistryDocument running = devnet.registry().toDocument();
            RegistryDocument shrunk = new RegistryDocument(running.networkId(), 2L, running.threshold(),
                    running.committees().stream().filter(committee -> committee.index() != 3).toList(),
                    running.nodes().stream().filter(node -> node.committee() == null || node.committee() != 3).toList(),
                    running.governance());
            CommitFixtures.propose(manager, shrunk, 2, operators);
            assertThat(CommitFixtures.reshare(manager).phase()).isEqualTo(EpochStatus.PREPARED);

            devnet.stop("node-2b");
            EpochStatus committed = HTTP.post(manager.resolve("/v1/epoch/commit"), Map.of(), EpochStatus.class);
            assertThat(committed.phase()).isEqualTo(EpochStatus.COMMITTED);
            assertThat(committed.current()).isEqualTo(2);
            assertThat(committed.missing()).containsExactly("node-2b");
            for (String node : RETIRED) {
                assertThat(answer(committed, node)).isEqualTo("retired");
                assertRetired(devnet, node);
            }
            devnet.restart("node-3a");
            assertRetired(devnet, "node-3a");

            CommitFixtures.signAndVerify(CommitFixtures.discover(devnet), account, key.keyId(), key.publicKey(), 2, 2,
                    "epoch 2 without committee 3, node-2b down");

            // node-2b comes back in epoch 1 with its proposal and learns the commit from its peers' readies
            devnet.restart("node-2b");
            CommitFixtures.awaitEpoch(devnet, "node-2b", 2);
            EncryptedStore twoB = CommitFixtures.store(devnet.context("node-2b"));
            assertThat(twoB.count(NodeStore.KEYS)).isEqualTo(1);
            assertThat(twoB.count(NodeStore.RESHARE_PENDING)).isZero();
            assertThat(CommitFixtures.info(devnet, "node-2b").epochState()).isEqualTo(NodeEpochState.ACTIVE);

            // the manager restarted with its epoch-1 registry file learns the commit from the nodes and runs epoch 2
            devnet.restart("manager-1");
            EpochStatus recovered = HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class);
            assertThat(recovered.phase()).isEqualTo(EpochStatus.COMMITTED);
            assertThat(recovered.current()).isEqualTo(2);
            EpochStatus resent = HTTP.post(manager.resolve("/v1/epoch/commit"), Map.of(), EpochStatus.class);
            assertThat(resent.missing()).isEmpty();
            assertThat(resent.nodes()).hasSize(6).allSatisfy(node ->
                    assertThat(node.answer().reason()).as(node.node()).isEqualTo("already-committed"));
            CommitFixtures.signAndVerify(CommitFixtures.discover(devnet), account, key.keyId(), key.publicKey(), 2, 2,
                    "epoch 2, through the restarted manager, with node-2b back");

            // a refresh: the same nodes, epoch 3; every shard replaced, each still fitting the key
            Map<String, KeyRecord> old = new HashMap<>();
            for (String node : REMAINING) {
                old.put(node, KeyRecord.decode(CommitFixtures.store(devnet.context(node)).get(NodeStore.KEYS, name)
                        .orElseThrow()));
            }
            RegistryDocument refreshed = new RegistryDocument(shrunk.networkId(), 3L, shrunk.threshold(),
                    shrunk.committees(), shrunk.nodes(), shrunk.governance());
            CommitFixtures.propose(manager, refreshed, 3, operators);
            assertThat(CommitFixtures.reshare(manager).phase()).isEqualTo(EpochStatus.PREPARED);
            EpochStatus third = HTTP.post(manager.resolve("/v1/epoch/commit"), Map.of(), EpochStatus.class);
            assertThat(third.phase()).isEqualTo(EpochStatus.COMMITTED);
            assertThat(third.current()).isEqualTo(3);
            assertThat(third.missing()).isEmpty();
            for (String node : REMAINING) {
                KeyRecord now = KeyRecord.decode(CommitFixtures.store(devnet.context(node)).get(NodeStore.KEYS, name)
                        .orElseThrow());
                KeyRecord was = old.get(node);
                assertThat(now.publicKey()).isEqualTo(key.publicKey());
                assertThat(now.committee()).isEqualTo(was.committee());
                assertThat(now.share()).as(node + ": the shard changed").isNotEqualTo(was.share());
                assertThat(now.commitments().verifyShard(now.committee(), now.share())).isTrue();
                assertThat(now.commitments().verifyShard(was.committee(), was.share()))
                        .as(node + ": the old shard does not fit the new commitments").isFalse();
                now.destroy();
                was.destroy();
                assertThat(CommitFixtures.info(devnet, node).epoch()).isEqualTo(3);
            }
            CommitFixtures.signAndVerify(CommitFixtures.discover(devnet), account, key.keyId(), key.publicKey(), 2, 2,
                    "epoch 3, after the refresh");
        }
    }

    /** A retired node: its state everywhere, no shard or pair in its store, protocol work refused. */
    private static void assertRetired(Devnet devnet, String node) throws Exception {
        URI url = CommitFixtures.url(devnet, node);
        assertThat(CommitFixtures.info(devnet, node).epochState()).as(node).isEqualTo(NodeEpochState.RETIRED);
        HttpResponse<String> readiness = CommitFixtures.get(url.resolve("/health/readiness"));
        assertThat(readiness.statusCode()).as(node).isEqualTo(503);
        assertThat(Json.read(readiness.body(), Map.class)).containsEntry("status", "RETIRED");
        EncryptedStore store = CommitFixtures.store(devnet.context(node));
        for (var namespace : List.of(NodeStore.KEYS, NodeStore.RESHARE_PENDING, NodeStore.KEY_EVIDENCE,
                NodeStore.PENDING_KEYS, NodeStore.PAIRS)) {
            assertThat(store.count(namespace)).as(node + " " + namespace).isZero();
        }
        for (String path : List.of("/v1/new_party", "/v1/epoch/keys", "/v1/epoch/reshare/contribute", "/v1/sync")) {
            HttpResponse<String> refused = CommitFixtures.postAsManager(devnet, url, node, path, Map.of());
            assertThat(refused.statusCode()).as(node + " " + path).isEqualTo(503);
            assertThat(Json.read(refused.body(), Problem.class).type()).isEqualTo(Problem.TYPE_PREFIX + "node-retired");
        }
    }

    private static String answer(EpochStatus status, String node) {
        return status.nodes().stream().filter(answer -> answer.node().equals(node)).findFirst().orElseThrow()
                .answer().reason();
    }
}
