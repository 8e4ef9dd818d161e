package io.sigil.node.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.dkg.AckScope;
import io.sigil.crypto.ec.Point;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetChange;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.store.NodeStore;
import io.sigil.node.sync.SyncRefusedException.Reason;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.service.node.LocalNode;
import io.sigil.testing.epoch.CommitFixtures;
import io.sigil.testing.epoch.EpochFixtures;
import io.sigil.testing.keygen.Activations;
import io.sigil.wire.WireFields;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.sync.KeyEvidence;
import io.sigil.wire.sync.SyncBatch;
import io.sigil.wire.sync.SyncRequest;
import io.sigil.wire.sync.SyncedKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An add-replicas change (docs/keygen.md §3.8) on an in-JVM devnet of 3 committees × 2 nodes
 * (t = 2) with a network key and a dealt key: {@code node-1c} is added to committee 1 (3 × 3 in
 * committee 1, the rest unchanged) through the devnet's own {@code add-node} layout. The manager
 * shows kind {@code add-replicas} with every key done before anything runs, runs no reshare, and
 * commits; every node of epoch 1 keeps byte-identical records with their epoch-1 evidence;
 * {@code node-1c} fetches both keys from its committee by catch-up and signs each in a party chosen
 * to include it; both keys keep public key and address. Then the catch-up attacks: evidence naming
 * epoch 1 passes the real check at epoch 2 (every link an add-replicas change), an ack set whose
 * committee-1 ack is by {@code node-1c} (a node of epoch 2, not of epoch 1 where the key was
 * acknowledged) is refused naming the replica, and after a refresh to epoch 3 (a reshare) the same
 * epoch-1 evidence is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaOnlyChangeTest {
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NEW = "node-1c";
    private static final String SOURCE = "node-1a";
    private static final List<String> OLD_NODES = List.of("node-1a", "node-1b", "node-2a", "node-2b", "node-3a",
            "node-3b");
    private static final AccountKey ACCOUNT = AccountKey.generate();

    @TempDir
    static Path directory;

    private static Devnet devnet;
    private static List<OperatorKey> operators;
    private static NetworkKey networkKey;
    private static Registration dealtKey;
    /** node-1a's page of both keys to node-1c at epoch 2: evidence of epoch 1. */
    private static SyncBatch epochTwoPage;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, new DevnetPlan(3, 2, 2, 1, 0));
        TrustedNetwork network = discover();
        operators = EpochFixtures.operators(devnet.layout());
        networkKey = new NetworkKeyClient(HTTP).generate(network, ACCOUNT, NewKeyOptions.defaults(), WAIT);
        Activations.settled(devnet); // every old replica's records are read below, before any proposal
        dealtKey = new UserClient(HTTP).register(network, ACCOUNT, NewKeyOptions.defaults());
        assertThat(dealtKey.isComplete()).isTrue();
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    @Order(1)
    void addingAReplicaResharesNothingAndTheNewReplicaCatchesUpAndSigns() throws Exception {
        TrustedNetwork before = discover();
        CommitFixtures.signAndVerify(before, ACCOUNT, networkKey.keyId(), networkKey.publicKey(), 2, 3,
                "epoch 1, network key");
        CommitFixtures.signAndVerify(before, ACCOUNT, dealtKey.keyId(), dealtKey.publicKey(), 2, 3,
                "epoch 1, dealt key");
        Map<String, Map<String, byte[]>> recordsBefore = new LinkedHashMap<>();
        for (String node : OLD_NODES) {
            recordsBefore.put(node, records(node));
        }
        URI manager = URI.create(before.managers().getFirst().url());

        DevnetChange.Prepared change = DevnetChange.addNode(devnet.layout(), 1);
        assertThat(change.joining()).extracting(joining -> joining.id()).containsExactly(NEW);
        devnet.join(change);
        EpochStatus proposed = HTTP.post(manager.resolve("/v1/epoch/propose"),
                new EpochProposal(WireFields.toBase64(change.registryBytes()), change.approval()), EpochStatus.class);
        assertThat(proposed.missing()).isEmpty();
        assertThat(proposed.nodes()).hasSize(7);
        assertThat(proposed.kind()).isEqualTo(EpochStatus.ADD_REPLICAS);
        assertThat(proposed.keysTotal()).isEqualTo(2);
        assertThat(proposed.keysDone()).as("nothing to reshare: every key done at propose").isEqualTo(2);

        EpochStatus prepared = CommitFixtures.reshare(manager);
        assertThat(prepared.phase()).isEqualTo(EpochStatus.PREPARED);
        assertThat(prepared.kind()).isEqualTo(EpochStatus.ADD_REPLICAS);
        for (String node : OLD_NODES) {
            EncryptedStore store = store(node);
            assertThat(store.count(NodeStore.RESHARE_PENDING) + store.count(NodeStore.RESHARE_PENDING_EVIDENCE)
                    + store.count(NodeStore.RESHARE_PENDING_BATCHES)).as(node + ": no reshare ran").isZero();
        }

        EpochStatus committed = HTTP.post(manager.resolve("/v1/epoch/commit"), Map.of(), EpochStatus.class);
        assertThat(committed.phase()).isEqualTo(EpochStatus.COMMITTED);
        assertThat(committed.current()).isEqualTo(2);
        assertThat(committed.missing()).isEmpty();
        assertThat(committed.kind()).isEqualTo(EpochStatus.ADD_REPLICAS);
        assertThat(committed.nodes()).hasSize(7).allSatisfy(node ->
                assertThat(node.answer().reason()).as(node.node()).isEqualTo("committed"));
        // a manager restarted with its epoch-1 registry file learns the commit from the nodes, and
        // reads the change's kind back from the committed chain (it kept nothing in memory)
        devnet.restart("manager-1");
        EpochStatus recovered = HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class);
        assertThat(recovered.phase()).isEqualTo(EpochStatus.COMMITTED);
        assertThat(recovered.current()).isEqualTo(2);
        assertThat(recovered.kind()).as("the kind after a restart").isEqualTo(EpochStatus.ADD_REPLICAS);
        devnet.committed(change);

        for (String node : OLD_NODES) {
            assertThat(records(node)).as(node + ": the same records (polynomial, committee, shard)")
                    .containsOnlyKeys(recordsBefore.get(node).keySet())
                    .allSatisfy((name, record) -> assertThat(record).isEqualTo(recordsBefore.get(node).get(name)));
            for (String keyId : List.of(networkKey.keyId(), dealtKey.keyId())) {
                KeyEvidence evidence = evidence(node, keyId);
                assertThat(evidence.reshare()).as(node + ": the evidence of epoch 1 is kept").isNull();
                assertThat(evidence.checkable(keyId.equals(networkKey.keyId()) ? SyncedKey.NETWORK : SyncedKey.DEALT))
                        .isTrue();
            }
        }

        awaitKeys(NEW, 2);
        for (String keyId : List.of(networkKey.keyId(), dealtKey.keyId())) {
            KeyRecord record = KeyRecord.decode(store(NEW).get(NodeStore.KEYS, KeyRecord.storeKey(ACCOUNT.userId(),
                    keyId)).orElseThrow());
            assertThat(record.committee()).isEqualTo(1);
            assertThat(record.publicKey()).isEqualTo(keyId.equals(networkKey.keyId()) ? networkKey.publicKey()
                    : dealtKey.publicKey());
            assertThat(record.commitments().verifyShard(1, record.share())).isTrue();
            record.destroy();
        }
        assertSignsInAPartyWith(NEW, networkKey.keyId(), networkKey.publicKey());
        assertSignsInAPartyWith(NEW, dealtKey.keyId(), dealtKey.publicKey());

        TrustedNetwork after = discover();
        assertThat(after.registry().epoch()).isEqualTo(2);
        CommitFixtures.signAndVerify(after, ACCOUNT, networkKey.keyId(), networkKey.publicKey(), 2, 3,
                "epoch 2, network key");
        CommitFixtures.signAndVerify(after, ACCOUNT, dealtKey.keyId(), dealtKey.publicKey(), 2, 3,
                "epoch 2, dealt key");
        epochTwoPage = page(SOURCE, NEW);
    }

    @Test
    @Order(2)
    void evidenceOfAnEpochReachedOnlyByAddedReplicasPassesTheRealCheck() throws Exception {
        assertThat(epochTwoPage.keys()).hasSize(2).allSatisfy(key -> assertThat(key.evidence().reshare()).isNull());
        SyncCheck.CheckedPage page = check(epochTwoPage);
        assertThat(page.keys()).hasSize(2);
        assertThat(page.withoutEvidence()).isZero();
        page.destroy();
    }

    /** The ack of committee 1 signed by node-1c, a committee-1 node of epoch 2 but not of epoch 1 where it acked. */
    @Test
    @Order(2)
    void anAckByANodeNotInTheRegistryOfItsEpochIsRefusedNamingTheReplica() {
        LocalNode joined = devnet.context(NEW).getBean(LocalNode.class);
        SyncBatch lying = withNetworkKey(epochTwoPage, key -> {
            KeyEvidence evidence = key.evidence();
            List<DkgAck> acks = new ArrayList<>(evidence.acks().stream().filter(ack -> ack.committee() != 1).toList());
            DkgAck template = evidence.acks().getFirst();
            byte[] transcript = WireFields.hex("t", template.transcriptHash(), 32);
            Point publicKey = WireFields.point("pk", template.publicKey());
            byte[] digest = new AckScope(AckScope.KEY_GENERATION, key.userId(), key.keyId(), 1).digest(NEW, 1,
                    transcript, publicKey);
            acks.add(new DkgAck(NEW, 1, template.transcriptHash(), template.publicKey(),
                    WireFields.toHex(joined.identity().sign(digest))));
            return new SyncedKey(key.userId(), key.keyId(), key.origin(), key.accountKey(), key.threshold(),
                    key.commitments(), key.chainCode(), KeyEvidence.activation(evidence.transcriptHash(), acks,
                            evidence.session(), evidence.reveals()), key.sealedShard());
        });
        assertThatThrownBy(() -> check(lying)).isInstanceOfSatisfying(SyncRefusedException.class, refused -> {
            assertThat(refused.replica()).isEqualTo(SOURCE);
            assertThat(refused.reason()).as(refused.getMessage()).isEqualTo(Reason.FORGED_EVIDENCE);
            assertThat(refused.getMessage()).startsWith("replica " + SOURCE + ": ").contains("ack");
        });
    }

    @Test
    @Order(3)
    void afterAReshareTheEvidenceOfTheEarlierEpochIsRefused() throws Exception {
        refresh(3);
        assertThatThrownBy(() -> check(epochTwoPage)).isInstanceOfSatisfying(SyncRefusedException.class, refused -> {
            assertThat(refused.replica()).isEqualTo(SOURCE);
            assertThat(refused.reason()).as(refused.getMessage()).isEqualTo(Reason.FORGED_EVIDENCE);
            assertThat(refused.getMessage()).contains("evidence of epoch 1").contains("epoch 3 reshared every key");
        });
        // the keys were reshared to epoch 3 (node-1c took part): its page of epoch 3 passes
        SyncCheck.CheckedPage page = check(page("node-1b", NEW), "node-1b");
        assertThat(page.keys()).hasSize(2).allSatisfy(key -> assertThat(key.record().committee()).isEqualTo(1));
        page.destroy();
        assertSignsInAPartyWith(NEW, networkKey.keyId(), networkKey.publicKey());
    }

    /** An operator-approved refresh to {@code epoch} (the same nodes), resharing every key, then the commit. */
    private static void refresh(long epoch) throws Exception {
        CommitFixtures.refresh(URI.create(discover().managers().getFirst().url()), registry(), operators, epoch);
    }

    /** {@code from}'s first page to {@code asking}. */
    private static SyncBatch page(String from, String asking) throws Exception {
        return CatchUpRuns.firstPage(devnet, from, asking);
    }

    private static SyncCheck.CheckedPage check(SyncBatch batch) throws SyncRefusedException {
        return check(batch, SOURCE);
    }

    /** node-1c's own check, as its catch-up runs it: its committed chain decides which epochs' evidence counts. */
    private static SyncCheck.CheckedPage check(SyncBatch batch, String from) throws SyncRefusedException {
        LocalNode local = devnet.context(NEW).getBean(LocalNode.class);
        return new SyncCheck(local.registryChain(), local.registry(), NEW, 1, local.identity()::decrypt).check(from,
                "", SyncRequest.MAX_LIMIT, batch);
    }

    private static SyncBatch withNetworkKey(SyncBatch batch, java.util.function.UnaryOperator<SyncedKey> change) {
        List<SyncedKey> keys = batch.keys().stream().map(key -> key.keyId().equals(networkKey.keyId())
                ? change.apply(key) : key).toList();
        return new SyncBatch(batch.nodeId(), batch.committee(), batch.total(), keys, batch.tombstones(),
                batch.nextCursor(), batch.reshareBatches());
    }

    /** Waits until {@code node} holds {@code count} keys (its catch-up after the commit runs in the background). */
    private static void awaitKeys(String node, long count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (store(node).count(NodeStore.KEYS) < count) {
            assertThat(System.nanoTime()).as(node + " caught up in time: "
                    + devnet.context(node).getBean(ReplicaSync.class).status()).isLessThan(deadline);
            Thread.sleep(20); // polling a condition: the catch-up reports through the store and its status only
        }
    }

    /** The node's stored records, encoded, by name. */
    private static Map<String, byte[]> records(String node) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        for (String keyId : List.of(networkKey.keyId(), dealtKey.keyId())) {
            byte[] name = KeyRecord.storeKey(ACCOUNT.userId(), keyId);
            records.put(keyId, store(node).get(NodeStore.KEYS, name).orElseThrow(() ->
                    new AssertionError(node + " holds no key " + keyId)));
        }
        return records;
    }

    private static KeyEvidence evidence(String node, String keyId) {
        return Json.read(store(node).get(NodeStore.KEY_EVIDENCE, KeyRecord.storeKey(ACCOUNT.userId(), keyId))
                .orElseThrow(() -> new AssertionError(node + " holds no evidence of " + keyId)), KeyEvidence.class);
    }

    private static EncryptedStore store(String node) {
        return devnet.context(node).getBean(NodeStore.class).store();
    }

    private static void assertSignsInAPartyWith(String node, String keyId, Point publicKey) throws Exception {
        Registry registry = registry();
        CatchUpRuns.signsInAPartyWith(HTTP, URI.create(discover().managers().getFirst().url()), registry, ACCOUNT,
                node, keyId, publicKey, registry.threshold());
    }

    private static Registry registry() {
        return devnet.context(NEW).getBean(LocalNode.class).registry();
    }

    private static TrustedNetwork discover() throws Exception {
        return new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
    }
}
