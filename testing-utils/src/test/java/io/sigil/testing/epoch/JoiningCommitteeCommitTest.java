package io.sigil.testing.epoch;

import static io.sigil.testing.epoch.CommitFixtures.HTTP;
import static io.sigil.testing.epoch.CommitFixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NetworkKey;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.reshare.EpochReady;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.testing.epoch.CommitFixtures.Joiner;
import io.sigil.wire.InfoResponse;
import io.sigil.wire.WireFields;
import io.sigil.wire.epoch.EpochAnswer;
import io.sigil.wire.epoch.EpochCommit;
import io.sigil.wire.epoch.EpochProposal;
import io.sigil.wire.epoch.EpochStatus;
import io.sigil.wire.epoch.NodeEpochState;
import io.sigil.wire.reshare.SignedReady;
import io.sigil.wire.sync.KeyEvidence;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifecycle §3.2 step 4 on an in-JVM devnet of 3 committees × 2 nodes (t = 2) growing to 4 × 2
 * (t = 3) with a joining committee of two nodes started beside it: after the reshare prepares,
 * forged commits (a ready missing, a non-member's ready, readies on another K re-signed by their
 * own nodes) are refused by a node of both epochs and by a joining node, which keep their state;
 * the manager's commit then switches every node to epoch 2 without a restart: ACTIVE records of
 * epoch 2 with t' = 3 on all eight nodes, no pending record, no evidence of epoch 1; the joining
 * nodes become active; a network key and a dealt key keep public key and address and sign with
 * three parties; nodes restarted afterwards run epoch 2 from their store; a commit sent again is
 * answered {@code already-committed}.
 */
class JoiningCommitteeCommitTest {
    @TempDir
    Path directory;

    @Test
    void aJoiningCommitteeTakesOverEveryKeyAtCommit() throws Exception {
        try (Devnet devnet = Devnet.start(directory.resolve("net"), new DevnetPlan(3, 2, 2, 1, 0))) {
            TrustedNetwork before = CommitFixtures.discover(devnet);
            URI manager = URI.create(before.managers().getFirst().url());
            AccountKey networkAccount = AccountKey.generate();
            NetworkKey generated = new NetworkKeyClient(HTTP).generate(before, networkAccount, NewKeyOptions.defaults(),
                    WAIT);
            AccountKey dealtAccount = AccountKey.generate();
            Registration dealt = new UserClient(HTTP).register(before, dealtAccount, NewKeyOptions.defaults());
            assertThat(dealt.isComplete()).isTrue();
            CommitFixtures.signAndVerify(before, networkAccount, generated.keyId(), generated.publicKey(), 2, 3,
                    "epoch 1, network key");
            CommitFixtures.signAndVerify(before, dealtAccount, dealt.keyId(), dealt.publicKey(), 2, 3,
                    "epoch 1, dealt key");

            List<OperatorKey> operators = EpochFixtures.operators(devnet.layout());
            Joiner fourA = CommitFixtures.joiner(directory, "node-4a", 4);
            Joiner fourB = CommitFixtures.joiner(directory, "node-4b", 4);
            byte[] next = CommitFixtures.grown(devnet, List.of(fourA, fourB), 4, 3);
            Path registryFile = Files.write(directory.resolve("registry-2.json"), next);
            Approval approval = EpochFixtures.approval(devnet.registry().networkId(), 2, next, operators.subList(0, 2));
            Path approvalFile = Files.writeString(directory.resolve("approval-2.json"), Json.writePretty(approval));
            Map<String, ApplicationContext> joiners = new LinkedHashMap<>();
            try {
                for (Joiner joiner : List.of(fourA, fourB)) {
                    joiners.put(joiner.id(), CommitFixtures.start(devnet, joiner, registryFile, approvalFile));
                }
                EpochStatus proposed = HTTP.post(manager.resolve("/v1/epoch/propose"),
                        new EpochProposal(WireFields.toBase64(next), approval), EpochStatus.class);
                assertThat(proposed.missing()).isEmpty();
                assertThat(proposed.nodes()).hasSize(8);
                EpochStatus prepared = CommitFixtures.reshare(manager);
                assertThat(prepared.phase()).isEqualTo(EpochStatus.PREPARED);
                assertThat(prepared.keysDone()).isEqualTo(2);

                List<SignedReady> readies = readies(devnet, fourA, fourB);
                forgedCommitsAreRefused(devnet, fourA, joiners.get("node-4a"), readies, proposed.documentSha256());

                EpochStatus committed = HTTP.post(manager.resolve("/v1/epoch/commit"), Map.of(), EpochStatus.class);
                assertThat(committed.phase()).isEqualTo(EpochStatus.COMMITTED);
                assertThat(committed.current()).isEqualTo(2);
                assertThat(committed.missing()).isEmpty();
                assertThat(committed.nodes()).hasSize(8).allSatisfy(node ->
                        assertThat(node.answer().reason()).as(node.node()).isEqualTo("committed"));

                Map<String, EncryptedStore> stores = new LinkedHashMap<>();
                for (String node : List.of("node-1a", "node-1b", "node-2a", "node-2b", "node-3a", "node-3b")) {
                    stores.put(node, CommitFixtures.store(devnet.context(node)));
                }
                joiners.forEach((id, context) -> stores.put(id, CommitFixtures.store(context)));
                Map<String, URI> urls = new LinkedHashMap<>();
                stores.keySet().forEach(id -> urls.put(id, id.startsWith("node-4")
                        ? (id.equals("node-4a") ? fourA : fourB).url() : CommitFixtures.url(devnet, id)));
                for (Map.Entry<String, EncryptedStore> node : stores.entrySet()) {
                    int committee = Integer.parseInt(node.getKey().substring(5, 6));
                    assertActiveInEpoch2(node.getKey(), node.getValue(), committee, generated.userId(),
                            generated.keyId(), generated.publicKey());
                    assertActiveInEpoch2(node.getKey(), node.getValue(), committee, dealt.userId(), dealt.keyId(),
                            dealt.publicKey());
                    InfoResponse info = Json.read(CommitFixtures.get(urls.get(node.getKey()).resolve("/v1/info")).body(),
                            InfoResponse.class);
                    assertThat(info.epoch()).as(node.getKey()).isEqualTo(2);
                    assertThat(info.epochState()).as(node.getKey()).isEqualTo(NodeEpochState.ACTIVE);
                }

                TrustedNetwork after = CommitFixtures.discover(devnet);
                assertThat(after.registry().epoch()).isEqualTo(2);
                assertThat(after.registry().threshold()).isEqualTo(3);
                String networkSignature = CommitFixtures.signAndVerify(after, networkAccount, generated.keyId(),
                        generated.publicKey(), 3, 4, "epoch 2, network key");
                CommitFixtures.signAndVerify(after, dealtAccount, dealt.keyId(), dealt.publicKey(), 3, 4,
                        "epoch 2, dealt key");
                List<Integer> parties = stores.entrySet().stream()
                        .filter(node -> CommitFixtures.signed(node.getValue(), networkSignature))
                        .map(node -> Integer.parseInt(node.getKey().substring(5, 6))).toList();
                assertThat(parties).as("one node of each of t' = 3 committees").hasSize(3).doesNotHaveDuplicates();

                // restarted after the commit, a node of both epochs and a joined node run epoch 2 from their stores
                devnet.restart("node-1a");
                joiners.remove("node-4a").close();
                joiners.put("node-4a", CommitFixtures.start(devnet, fourA, registryFile, approvalFile));
                for (URI restarted : List.of(urls.get("node-1a"), fourA.url())) {
                    InfoResponse info = Json.read(CommitFixtures.get(restarted.resolve("/v1/info")).body(),
                            InfoResponse.class);
                    assertThat(info.epoch()).as(restarted.toString()).isEqualTo(2);
                    assertThat(info.epochState()).as(restarted.toString()).isEqualTo(NodeEpochState.ACTIVE);
                }
                assertThat(CommitFixtures.store(joiners.get("node-4a")).count(NodeStore.KEYS)).isEqualTo(2);
                CommitFixtures.signAndVerify(CommitFixtures.discover(devnet), networkAccount, generated.keyId(),
                        generated.publicKey(), 3, 4, "epoch 2, after restarts");

                EpochStatus again = HTTP.post(manager.resolve("/v1/epoch/commit"), Map.of(), EpochStatus.class);
                assertThat(again.nodes()).hasSize(8).allSatisfy(node ->
                        assertThat(node.answer().reason()).as(node.node()).isEqualTo("already-committed"));
            } finally {
                joiners.values().forEach(ApplicationContext::close);
            }
        }
    }

    /** Every ready the nodes of epoch 2 sign, asked as the manager does (prepare). */
    private static List<SignedReady> readies(Devnet devnet, Joiner... joiners) throws Exception {
        List<SignedReady> readies = new ArrayList<>();
        for (String node : List.of("node-1a", "node-1b", "node-2a", "node-2b", "node-3a", "node-3b")) {
            readies.add(Json.read(CommitFixtures.postAsManager(devnet, CommitFixtures.url(devnet, node), node,
                    "/v1/epoch/prepare", Map.of()).body(), SignedReady.class));
        }
        for (Joiner joiner : joiners) {
            readies.add(Json.read(CommitFixtures.postAsManager(devnet, joiner.url(), joiner.id(), "/v1/epoch/prepare",
                    Map.of()).body(), SignedReady.class));
        }
        return readies;
    }

    /**
     * A ready left out, a ready by a key that is not its node's, and readies on another {@code K}
     * correctly signed by their own nodes: node-1a (both epochs) and node-4a (joining) refuse each,
     * keep their proposal, and hold the same records as before.
     */
    private static void forgedCommitsAreRefused(Devnet devnet, Joiner fourA, ApplicationContext fourAContext,
                                                List<SignedReady> readies, String sha256) throws Exception {
        String network = devnet.registry().networkId();
        List<SignedReady> missing = readies.subList(1, readies.size());
        SignedReady genuine = readies.getLast();
        NodeIdentity stranger = NodeIdentity.generate();
        byte[] digest = EpochReady.digest(network, 2, WireFields.hex("k", genuine.keySet(), 32),
                WireFields.hex("k", genuine.newKeySet(), 32));
        List<SignedReady> nonMember = new ArrayList<>(readies.subList(0, readies.size() - 1));
        nonMember.add(new SignedReady(genuine.nodeId(), genuine.committee(), 2, genuine.keys(), genuine.keySet(),
                genuine.newKeySet(), WireFields.toHex(stranger.sign(digest))));
        byte[] otherK = new byte[32];
        otherK[0] = 1;
        List<SignedReady> otherKeySet = new ArrayList<>();
        for (SignedReady ready : readies) {
            NodeIdentity identity = ready.nodeId().startsWith("node-4") ? NodeIdentity.load(
                    fourA.data().resolveSibling(ready.nodeId()).resolve("identity")) : NodeIdentity.load(devnet.layout()
                    .nodes().stream().filter(node -> node.id().equals(ready.nodeId())).findFirst().orElseThrow()
                    .dataDirectory().resolve("identity"));
            byte[] forged = EpochReady.digest(network, 2, otherK, WireFields.hex("k", ready.newKeySet(), 32));
            otherKeySet.add(new SignedReady(ready.nodeId(), ready.committee(), 2, ready.keys(), WireFields.toHex(otherK),
                    ready.newKeySet(), WireFields.toHex(identity.sign(forged))));
        }
        Map<String, List<SignedReady>> forgeries = new LinkedHashMap<>();
        forgeries.put("ready-missing", missing);
        forgeries.put("ready-invalid", nonMember);
        EncryptedStore oneA = CommitFixtures.store(devnet.context("node-1a"));
        EncryptedStore fourAStore = CommitFixtures.store(fourAContext);
        for (Map.Entry<String, List<SignedReady>> forgery : forgeries.entrySet()) {
            EpochCommit commit = new EpochCommit(network, 2, sha256, forgery.getValue());
            assertRefused(devnet, CommitFixtures.url(devnet, "node-1a"), "node-1a", commit, forgery.getKey());
            assertRefused(devnet, fourA.url(), "node-4a", commit, forgery.getKey());
        }
        EpochCommit otherK2 = new EpochCommit(network, 2, sha256, otherKeySet);
        assertRefused(devnet, CommitFixtures.url(devnet, "node-1a"), "node-1a", otherK2, "key-set-mismatch");
        assertRefused(devnet, fourA.url(), "node-4a", otherK2, "pending-mismatch");
        assertRefused(devnet, fourA.url(), "node-4a", new EpochCommit(network, 2, "00".repeat(32), readies),
                "another-proposal-open");
        assertThat(oneA.count(NodeStore.KEYS)).isEqualTo(2);
        assertThat(oneA.count(NodeStore.RESHARE_PENDING)).isEqualTo(2);
        assertThat(fourAStore.count(NodeStore.KEYS)).isZero();
        assertThat(fourAStore.count(NodeStore.RESHARE_PENDING)).isEqualTo(2);
        NodeEpochState joining = Json.read(CommitFixtures.get(fourA.url().resolve("/v1/epoch")).body(),
                NodeEpochState.class);
        assertThat(joining.state()).isEqualTo(NodeEpochState.JOINING);
        assertThat(joining.proposed()).isEqualTo(2);
    }

    private static void assertRefused(Devnet devnet, URI base, String node, EpochCommit commit, String reason)
            throws Exception {
        HttpResponse<String> answer = CommitFixtures.postAsManager(devnet, base, node, "/v1/epoch/commit", commit);
        assertThat(answer.statusCode()).as(node + " " + reason + ": " + answer.body()).isIn(409, 422);
        EpochAnswer signed = Json.read(answer.body(), EpochAnswer.class);
        assertThat(signed.accepted()).isFalse();
        assertThat(signed.reason()).as(node + ": " + signed.detail()).isEqualTo(reason);
        assertThat(signed.action()).isEqualTo(EpochAnswer.COMMIT);
    }

    private static void assertActiveInEpoch2(String node, EncryptedStore store, int committee, String userId,
                                             String keyId, Point publicKey) {
        assertThat(store.count(NodeStore.RESHARE_PENDING)).as(node).isZero();
        assertThat(store.count(NodeStore.KEYS)).as(node).isEqualTo(2);
        // the evidence of epoch 1 matches no shard: each key's is now its reshare to epoch 2 (keygen §3.7)
        assertThat(store.count(NodeStore.KEY_EVIDENCE)).as(node).isEqualTo(2);
        KeyEvidence evidence = Json.read(store.get(NodeStore.KEY_EVIDENCE, KeyRecord.storeKey(userId, keyId))
                .orElseThrow(), KeyEvidence.class);
        assertThat(evidence.reshare()).as(node + ": reshare evidence").isNotNull();
        assertThat(evidence.reshare().oldEpoch()).as(node).isEqualTo(1);
        assertThat(store.count(NodeStore.RESHARE_EVIDENCE)).as(node + ": the batch's acks").isPositive();
        KeyRecord record = KeyRecord.decode(store.get(NodeStore.KEYS, KeyRecord.storeKey(userId, keyId)).orElseThrow());
        assertThat(record.threshold()).as(node).isEqualTo(3);
        assertThat(record.committee()).as(node).isEqualTo(committee);
        assertThat(record.publicKey()).as(node).isEqualTo(publicKey);
        assertThat(record.commitments().verifyShard(committee, record.share())).as(node).isTrue();
        record.destroy();
    }

}
