package io.sigil.testing.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.user.Deletion;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.kvdb.StoreEntry;
import io.sigil.node.store.NodeStore;
import io.sigil.registry.Role;
import io.sigil.wire.Problem;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.user.NewUserBundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every malformed or unauthorised new_user / delete_user gets a clear 4xx problem+json, and none
 * touches what the nodes already store (their key namespaces are compared byte for byte).
 */
class NewUserBadInputTest {
    @TempDir
    static Path directory;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SigilHttp SDK_HTTP = new SigilHttp(Duration.ofSeconds(20));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Devnet devnet;
    private static TrustedNetwork network;
    private static AccountKey account;
    private static DealtKey dealt;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT);
        network = new Discovery(SDK_HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
        account = AccountKey.generate();
        assertThat(new UserClient(SDK_HTTP).register(network, account, NewKeyOptions.defaults().withKeyId("kept")).isComplete()).isTrue();
        dealt = FeldmanDealer.generate(2, 3, RANDOM);
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void refusedRequestsGetClearProblemsAndLeaveTheStoresByteIdentical() throws Exception {
        Map<String, List<String>> before = storeContents();
        NewUserBundle good = bundle(1, "fresh");

        assertProblem(postToLeader(1, Json.writeBytes(withSignature(good, "00".repeat(64)))), 400, "signature");
        assertProblem(postToLeader(1, Json.writeBytes(bundle(2, "fresh"))), 400, "committee 1");
        assertProblem(postToLeader(1, Json.writeBytes(withThreshold(good, 1))), 400, "threshold");
        assertProblem(postToLeader(1, Json.writeBytes(withCommitments(good, List.of(good.commitments().get(0), "02" + "ff".repeat(32))))),
                400, "commitments[1]");
        assertProblem(postToLeader(1, Json.writeBytes(withCommitments(good, List.of(good.commitments().get(0))))),
                400, "commitments");
        // docs/keygen.md §4.1: the chain code is signed (another one, even a valid one, breaks the
        // account signature), exactly 32 bytes, and a new bundle without one is refused
        String otherChainCode = "0x" + (good.chainCode().substring(2, 4).equals("ab") ? "cd" : "ab")
                + good.chainCode().substring(4);
        assertProblem(postToLeader(1, Json.writeBytes(withChainCode(good, otherChainCode))), 400,
                "signature: is not the account key's signature");
        assertProblem(postToLeader(1, Json.writeBytes(withChainCode(good, good.chainCode().substring(0, 64)))), 400,
                "chainCode: expected 32 bytes");
        assertProblem(postToLeader(1, Json.writeBytes(withChainCode(good, null))), 400, "chainCode: is required");
        // every missing field named at once, and no Java type name in the detail
        assertProblem(postToLeader(1, "{\"userId\": \"x\", \"surprise\": 1}".getBytes()), 400,
                "the body is not a new user bundle: missing fields networkId, epoch, keyId, threshold, committee, "
                        + "accountKey, commitments, shards, expiresAt, nonce, chainCode, signature");
        assertProblem(postToLeader(1, "not json".getBytes()), 400, "the body is not a new user bundle: not valid JSON");
        assertProblem(postToLeader(1, new byte[2 * 1024 * 1024]), 413, "");

        byte[] body = Json.writeBytes(good);
        assertProblem(postToNode("node-1a", body, null), 401, "signed by a registered node");
        assertProblem(postToNode("node-1a", body, "leader-2"), 403, "does not lead committee 1");
        assertProblem(postToNode("node-1a", body, "node-1b"), 403, "committee-leader");
        assertProblem(postToNode("node-1a", body, "stranger"), 401, "node 'stranger' is not in the registry");
        // the leader's own id over another key: well formed, fresh and of the right role, so only the
        // request-signature check can refuse it
        assertProblem(postToNode("node-1a", body, "leader-1", NodeIdentity.generate()), 401,
                "the signature is not node leader-1's over this request to node node-1a");

        assertThat(storeContents()).isEqualTo(before);

        // A signed delete of a key a node does not hold is kept as a tombstone and acknowledged
        // (docs/keygen.md §6.3): the node cannot tell "missed the registration" from "never
        // registered", and the stranger's delete names the stranger's own user id, not this user's.
        Deletion unknown = new UserClient(SDK_HTTP).delete(network, account, "never-registered",
                dealt.commitments().publicKey());
        assertThat(unknown.failures()).isEmpty();
        assertThat(unknown.acks()).hasSize(6);
        AccountKey stranger = AccountKey.generate();
        Deletion elsewhere = new UserClient(SDK_HTTP).delete(network, stranger, "kept", dealt.commitments().publicKey());
        assertThat(elsewhere.acks()).hasSize(6).allSatisfy(ack -> assertThat(ack.userId()).isEqualTo(stranger.userId()));
    }

    /**
     * Node-to-node replay (the review's attack: a signed call replayed for ±60 s, to any node): a
     * leader's request captured once is refused when sent again, when sent to another node of the
     * committee, and when dated ahead of the receiver's clock beyond the small allowed skew.
     */
    @Test
    void aCapturedLeaderRequestIsRefusedWhenReplayedRedirectedOrDatedAhead() throws Exception {
        byte[] body = "{}".getBytes();
        NodeIdentity leader = NodeIdentity.load(node("leader-1").dataDirectory().resolve("identity"));
        long now = System.currentTimeMillis();
        Map<String, String> captured = NodeRequestSignature.headers(leader, "leader-1", "node-1a", "POST", "/v1/new_user",
                body, now);

        assertProblem(send("node-1a", body, captured), 400, "not a new user bundle");
        assertProblem(send("node-1a", body, captured), 401, "replay");
        assertProblem(send("node-1b", body, captured), 401, "to node node-1b");
        Map<String, String> ahead = NodeRequestSignature.headers(leader, "leader-1", "node-1a", "POST", "/v1/new_user",
                body, now + 30_000);
        assertProblem(send("node-1a", body, ahead), 401, "ahead");
        Map<String, String> fresh = NodeRequestSignature.headers(leader, "leader-1", "node-1a", "POST", "/v1/new_user",
                body, System.currentTimeMillis());
        assertProblem(send("node-1a", body, fresh), 400, "not a new user bundle");
    }

    private static HttpResponse<String> send(String nodeId, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node(nodeId).url()).resolve("/v1/new_user"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static NewUserBundle bundle(int committee, String keyId) {
        return TestBundles.build(network, account, keyId, 2, network.committees().get(committee - 1), dealt.commitments(),
                dealt.shard(committee));
    }

    private static NewUserBundle withSignature(NewUserBundle b, String signature) {
        return new NewUserBundle(b.networkId(), b.epoch(), b.userId(), b.keyId(), b.threshold(), b.committee(), b.accountKey(),
                b.commitments(), b.shards(), b.expiresAt(), b.nonce(), b.chainCode(), signature);
    }

    private static NewUserBundle withChainCode(NewUserBundle b, String chainCode) {
        return new NewUserBundle(b.networkId(), b.epoch(), b.userId(), b.keyId(), b.threshold(), b.committee(), b.accountKey(),
                b.commitments(), b.shards(), b.expiresAt(), b.nonce(), chainCode, b.signature());
    }

    private static NewUserBundle withThreshold(NewUserBundle b, int threshold) {
        return new NewUserBundle(b.networkId(), b.epoch(), b.userId(), b.keyId(), threshold, b.committee(), b.accountKey(),
                b.commitments(), b.shards(), b.expiresAt(), b.nonce(), b.chainCode(), b.signature());
    }

    private static NewUserBundle withCommitments(NewUserBundle b, List<String> commitments) {
        return new NewUserBundle(b.networkId(), b.epoch(), b.userId(), b.keyId(), b.threshold(), b.committee(), b.accountKey(),
                commitments, b.shards(), b.expiresAt(), b.nonce(), b.chainCode(), b.signature());
    }

    private static HttpResponse<String> postToLeader(int committee, byte[] body) throws Exception {
        URI leader = URI.create(network.committees().get(committee - 1).leaders().getFirst().url()).resolve("/v1/new_user");
        return HTTP.send(HttpRequest.newBuilder(leader).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs to a node directly, signed as {@code signer} (null: unsigned; unknown id: signed by a stranger's key). */
    private static HttpResponse<String> postToNode(String nodeId, byte[] body, String signer) throws Exception {
        return postToNode(nodeId, body, signer, signer == null ? null : signer.equals("stranger") ? NodeIdentity.generate()
                : NodeIdentity.load(node(signer).dataDirectory().resolve("identity")));
    }

    /** POSTs to a node directly, signed with {@code identity} in the name of {@code signer} (null: unsigned). */
    private static HttpResponse<String> postToNode(String nodeId, byte[] body, String signer, NodeIdentity identity)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node(nodeId).url()).resolve("/v1/new_user"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signer != null) {
            NodeRequestSignature.headers(identity, signer, nodeId, "POST", "/v1/new_user", body, System.currentTimeMillis())
                    .forEach(request::header);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detailContains) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith(Problem.MEDIA_TYPE));
        Problem problem = Json.read(response.body(), Problem.class);
        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.detail()).contains(detailContains).doesNotContain("io.sigil").doesNotContain("Exception")
                .doesNotContain("tools.jackson");
    }

    /** Every signing node's key records and tombstones, as hex, in store order. */
    private static Map<String, List<String>> storeContents() {
        Map<String, List<String>> contents = new LinkedHashMap<>();
        for (DevnetNode node : devnet.layout().nodes()) {
            if (node.service() != Role.SIGNING_CLIENT) {
                continue;
            }
            NodeStore store = devnet.context(node.id()).getBean(NodeStore.class);
            List<String> entries = new ArrayList<>();
            for (var namespace : List.of(NodeStore.KEYS, NodeStore.DELETED_KEYS)) {
                for (StoreEntry entry : store.store().scan(namespace, new byte[0], 10_000)) {
                    entries.add(namespace + ":" + Arrays.toString(entry.key()) + "=" + Arrays.hashCode(entry.value()));
                }
            }
            contents.put(node.id(), entries);
        }
        return contents;
    }

    private static DevnetNode node(String id) {
        return devnet.layout().nodes().stream().filter(node -> node.id().equals(id)).findFirst().orElseThrow();
    }
}
