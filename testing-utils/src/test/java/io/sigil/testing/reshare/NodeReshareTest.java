package io.sigil.testing.reshare;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.dkg.AckScope;
import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.reshare.EpochReady;
import io.sigil.crypto.reshare.ReshareParameters;
import io.sigil.crypto.reshare.ReshareTranscript;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.node.faults.FaultInjection;
import io.sigil.node.reshare.PendingReshares;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.registry.governance.EpochAbort;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.testing.epoch.EpochFixtures;
import io.sigil.testing.sign.ManagerPosts;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.keygen.Contributor;
import io.sigil.wire.keygen.DkgDeliveryAnswer;
import io.sigil.wire.reshare.ReshareContribution;
import io.sigil.wire.reshare.ReshareDelivery;
import io.sigil.wire.reshare.ReshareMessages;
import io.sigil.wire.reshare.ReshareSession;
import io.sigil.wire.reshare.SignedReady;
import io.sigil.wire.WireFields;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node side of the reshare step (docs/keygen.md §3.2 steps 2–3, §3.3–3.4) on an in-JVM devnet
 * (2 committees × 2 nodes, t = 2) with a refresh proposal open. The test plays the manager: it
 * posts signed contribute/deliver/prepare requests, computes {@code (C', T')} itself from the
 * contributions and tallies the acks with the rule of §2.6. It reads each node's encrypted store
 * through the node's own bean to check what was stored PENDING.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeReshareTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));

    @TempDir
    static Path directory;

    private static Devnet devnet;
    private static URI manager;
    private static List<OperatorKey> operators;
    private static NetworkKey generated;
    private static Registration dealt;
    private static final Map<String, byte[]> transcripts = new TreeMap<>();

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, new DevnetPlan(2, 2, 2, 1, 0), Map.of(FaultInjection.PROPERTY, "true"));
        TrustedNetwork network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
        manager = URI.create(network.managers().getFirst().url());
        operators = EpochFixtures.operators(devnet.layout());
        generated = new NetworkKeyClient(HTTP).generate(network, AccountKey.generate(), NewKeyOptions.defaults(), WAIT);
        dealt = new UserClient(HTTP).register(network, AccountKey.generate(), NewKeyOptions.defaults());
        assertThat(dealt.isComplete()).isTrue();
        EpochStatus status = HTTP.post(manager.resolve("/v1/epoch/propose"), EpochFixtures.good(devnet.layout(), operators),
                EpochStatus.class);
        assertThat(status.missing()).isEmpty();
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    @Order(1)
    void everyKeyIsResharedToEveryNodeUnderItsPublicKeyAndOldShardsNoLongerFit() throws Exception {
        for (String[] key : List.of(new String[] {generated.userId(), generated.keyId()},
                new String[] {dealt.userId(), dealt.keyId()})) {
            Point publicKey = key[1].equals(generated.keyId()) ? generated.publicKey() : dealt.publicKey();
            ReshareSession session = session(key[0], key[1], publicKey, "node-1a", "node-2a", 1);
            Attempt attempt = run(session);
            assertThat(attempt.complaints).isEmpty();
            assertThat(attempt.tally.activates()).as(attempt.tally.toString()).isTrue();
            transcripts.put(EpochReady.name(key[0], key[1]), attempt.expected.transcriptHash());

            for (NodeEntry node : signingNodes()) {
                PendingReshares.Stored stored = pending(node.id(), key[0], key[1]);
                KeyRecord old = active(node.id(), key[0], key[1]);
                assertThat(stored.epoch()).isEqualTo(2);
                assertThat(stored.transcriptHash()).isEqualTo(attempt.expected.transcriptHash());
                assertThat(stored.record().publicKey()).isEqualTo(publicKey);
                assertThat(stored.record().commitments()).isEqualTo(attempt.expected.commitments());
                assertThat(stored.record().commitments().verifyShard(stored.record().committee(), stored.record().share()))
                        .as("new shard of " + node.id()).isTrue();
                assertThat(stored.record().commitments().verifyShard(old.committee(), old.share()))
                        .as("old shard of " + node.id() + " against the new commitments").isFalse();
                assertThat(stored.record().share()).isNotEqualTo(old.share());
            }
        }
    }

    @Test
    @Order(2)
    void aCorruptedShareIsRefusedNamingItsContributorAndTheRetryWithoutItActivates() throws Exception {
        FaultInjection faults = devnet.context("node-1a").getBean(FaultInjection.class);
        faults.corruptReshareShareTo("node-2b");
        Attempt corrupted;
        try {
            corrupted = run(session(generated.userId(), generated.keyId(), generated.publicKey(), "node-1a", "node-2a", 2));
        } finally {
            faults.off();
        }
        assertThat(corrupted.complaints).containsOnlyKeys("node-2b");
        assertThat(corrupted.complaints.get("node-2b").complaint().culprits()).containsExactly("node-1a");
        assertThat(corrupted.complaints.get("node-2b").complaint().failure()).isEqualTo("ShareUnreadable");
        assertThat(corrupted.tally.activates()).isFalse();

        Attempt retried = run(session(generated.userId(), generated.keyId(), generated.publicKey(), "node-1b", "node-2a", 3));
        assertThat(retried.complaints).isEmpty();
        assertThat(retried.tally.activates()).isTrue();
        for (NodeEntry node : signingNodes()) {
            assertThat(pending(node.id(), generated.userId(), generated.keyId()).attempt()).isEqualTo(3);
        }
        transcripts.put(EpochReady.name(generated.userId(), generated.keyId()), retried.expected.transcriptHash());
    }

    @Test
    @Order(3)
    void everyNodeSignsTheSameReadyOverEveryKeyAndKeepsItsPendingRecordsAcrossARestart() throws Exception {
        devnet.restart("node-2a");
        Map<String, Point> publicKeys = Map.of(EpochReady.name(generated.userId(), generated.keyId()),
                generated.publicKey(), EpochReady.name(dealt.userId(), dealt.keyId()), dealt.publicKey());
        byte[] keySet = EpochReady.keySet(publicKeys);
        byte[] newKeySet = EpochReady.newKeySet(new TreeMap<>(transcripts));
        byte[] ready = EpochReady.digest(devnet.registry().networkId(), 2, keySet, newKeySet);
        for (NodeEntry node : signingNodes()) {
            HttpResponse<String> answer = ManagerPosts.post(devnet, "manager-1", node.id(), "/v1/epoch/prepare",
                    "{}".getBytes());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            SignedReady signed = Json.read(answer.body(), SignedReady.class);
            assertThat(signed.keys()).isEqualTo(2);
            assertThat(signed.keySet()).isEqualTo(WireFields.toHex(keySet));
            assertThat(signed.newKeySet()).as(node.id()).isEqualTo(WireFields.toHex(newKeySet));
            assertThat(io.sigil.identity.PeerKeys.of(node)
                    .verifies(ready, WireFields.hex("signature", signed.signature(), 64))).isTrue();
        }
    }

    @Test
    @Order(4)
    void anAbortDeletesThePendingRecordsWithTheProposal() throws Exception {
        EpochStatus open = HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class);
        EpochAbort abort = EpochAbort.sign(operators.get(0), open.networkId(), open.proposed(), open.documentSha256(),
                System.currentTimeMillis());
        HTTP.post(manager.resolve("/v1/epoch/abort"), abort, EpochStatus.class);
        for (NodeEntry node : signingNodes()) {
            assertThat(store(node.id()).count(NodeStore.RESHARE_PENDING)).as(node.id()).isZero();
            assertThat(active(node.id(), generated.userId(), generated.keyId()).publicKey())
                    .isEqualTo(generated.publicKey());
            assertThat(ManagerPosts.post(devnet, "manager-1", node.id(), "/v1/epoch/prepare", "{}".getBytes())
                    .statusCode()).isEqualTo(409);
            HttpResponse<String> late = ManagerPosts.post(devnet, "manager-1", node.id(), "/v1/epoch/reshare/contribute",
                    Json.writeBytes(session(generated.userId(), generated.keyId(), generated.publicKey(), "node-1a",
                            "node-2a", 4)));
            assertThat(late.statusCode()).isEqualTo(409);
        }
    }

    /** One attempt played as the manager: contributions, the manager's own (C', T'), deliveries, the tally. */
    private record Attempt(ReshareTranscript expected, Activation.Tally tally, Map<String, DkgDeliveryAnswer> complaints) {
    }

    private static Attempt run(ReshareSession session) throws Exception {
        Registry registry = devnet.registry();
        ReshareParameters parameters = session.parameters(registry.networkId(), registry.epoch(),
                HexFormat.of().parseHex(HTTP.get(manager.resolve("/v1/epoch"), EpochStatus.class).documentSha256()),
                registry.committeeCount());
        List<ReshareContribution> contributions = new ArrayList<>();
        for (Contributor contributor : session.contributors()) {
            HttpResponse<String> answer = ManagerPosts.post(devnet, "manager-1", contributor.nodeId(),
                    "/v1/epoch/reshare/contribute", Json.writeBytes(session));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            contributions.add(Json.read(answer.body(), ReshareContribution.class));
        }
        DkgDirectory directory = DkgDirectory.of(registry);
        ReshareTranscript expected = ReshareTranscript.verified(parameters,
                ReshareMessages.contributions(parameters, directory, contributions, true));
        Map<String, Acknowledgement> acks = new TreeMap<>();
        Map<String, DkgDeliveryAnswer> complaints = new TreeMap<>();
        for (NodeEntry node : signingNodes()) {
            HttpResponse<String> answer = ManagerPosts.post(devnet, "manager-1", node.id(), "/v1/epoch/reshare/deliver",
                    Json.writeBytes(new ReshareDelivery(session, contributions)));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            DkgDeliveryAnswer delivered = Json.read(answer.body(), DkgDeliveryAnswer.class);
            if (delivered.ack() != null) {
                acks.put(node.id(), delivered.ack().toAcknowledgement());
            } else {
                complaints.put(node.id(), delivered);
            }
        }
        AckScope scope = new AckScope(AckScope.RESHARE, session.userId(), session.keyId(), 2);
        return new Attempt(expected, Activation.tally(scope, directory, expected.transcriptHash(), expected.publicKey(),
                acks, complaints.keySet()), complaints);
    }

    private static ReshareSession session(String userId, String keyId, Point publicKey, String first, String second,
                                          int attempt) {
        return new ReshareSession(userId, keyId, WireFields.pointHex(publicKey), 2, 2,
                List.of(new Contributor(1, first), new Contributor(2, second)), attempt);
    }

    private static io.sigil.kvdb.EncryptedStore store(String nodeId) {
        return devnet.context(nodeId).getBean(NodeStore.class).store();
    }

    private static PendingReshares.Stored pending(String nodeId, String userId, String keyId) {
        return PendingReshares.Stored.decode(store(nodeId).get(NodeStore.RESHARE_PENDING, KeyRecord.storeKey(userId, keyId))
                .orElseThrow());
    }

    private static KeyRecord active(String nodeId, String userId, String keyId) {
        return KeyRecord.decode(store(nodeId).get(NodeStore.KEYS, KeyRecord.storeKey(userId, keyId)).orElseThrow());
    }

    private static List<NodeEntry> signingNodes() {
        return devnet.registry().nodesWithRole(Role.SIGNING_CLIENT);
    }
}
