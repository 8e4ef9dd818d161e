package io.sigil.testing.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.BundleBuilder;
import io.sigil.client.user.Deletion;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.registry.Role;
import io.sigil.testing.user.TestBundles;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WhoClResponse.CommitteeView;
import io.sigil.wire.WireFields;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.user.DeleteUserRelayResponse;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.NewUserRelayResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on new_user and delete_user (docs/security.md, "Hardening: replays and exhaustion"),
 * each performed against an in-JVM devnet (3 committees × 2 nodes, t = 2) with real stores:
 * an old bundle re-posted while the key is being deleted, requests captured on another network
 * or in another epoch, a delete that names another key, and bundles past or far from their expiry.
 */
class UserRequestReplayTest {
    @TempDir
    static Path directory;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static final UserClient USERS = new UserClient(HTTP);
    private static Devnet devnet;
    private static TrustedNetwork network;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT);
        network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    /**
     * The review's attack: while delete_user runs, the key's old bundle is posted again and again.
     * Each round registers a fresh key, then races one delete against a stream of re-posts; after
     * it, no node may hold a shard of a key it has a tombstone for.
     */
    @Test
    void aBundleRepostedDuringDeleteNeverBringsTheKeyBack() throws Exception {
        List<String> resurrected = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            AccountKey account = AccountKey.generate();
            String keyId = "race-" + round;
            DealtKey dealt = FeldmanDealer.generate(2, 3, RANDOM);
            List<NewUserBundle> bundles = new ArrayList<>();
            for (CommitteeView committee : network.committees()) {
                NewUserBundle bundle = TestBundles.build(network, account, keyId, 2, committee, dealt.commitments(),
                        dealt.shard(committee.index()));
                assertThat(post(bundle).failures()).isEmpty();
                bundles.add(bundle);
            }
            AtomicBoolean deleting = new AtomicBoolean(true);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> reposters = new ArrayList<>();
            for (NewUserBundle bundle : bundles) {
                reposters.add(Thread.ofVirtual().start(() -> {
                    awaitQuietly(go);
                    do {
                        repostQuietly(bundle);
                    } while (deleting.get());
                    repostQuietly(bundle); // and once more after the delete answered
                }));
            }
            go.countDown();
            Deletion deletion;
            try {
                deletion = USERS.delete(network, account, keyId, dealt.commitments().publicKey());
            } finally {
                deleting.set(false);
            }
            for (Thread reposter : reposters) {
                reposter.join();
            }
            assertThat(deletion.isComplete()).as("round %d: %s", round, deletion.failures()).isTrue();
            for (DevnetNode node : signingNodes()) {
                KeyRegistrations keys = registrations(node);
                if (keys.isDeleted(account.userId(), keyId) && keys.find(account.userId(), keyId).isPresent()) {
                    resurrected.add("round " + round + " on " + node.id());
                }
            }
        }
        assertThat(resurrected).as("shards stored again after their tombstone").isEmpty();
    }

    @Test
    void aDeleteSignedForAnotherNetworkOrEpochErasesNothing() throws Exception {
        AccountKey account = AccountKey.generate();
        DealtKey dealt = register(account, "kept-elsewhere");
        NetworkBinding here = NetworkBinding.of(network.registry());

        for (NetworkBinding elsewhere : List.of(new NetworkBinding("another-network", here.epoch()),
                new NetworkBinding(here.networkId(), here.epoch() + 1))) {
            DeleteUserRequest captured = deletion(elsewhere, account, "kept-elsewhere", dealt.commitments().publicKey());
            assertThat(postDelete(captured, 1).acks()).isEmpty();
            // a leader that relays it anyway (the leader may be the attacker): every node refuses it itself
            for (String node : List.of("node-1a", "node-1b")) {
                HttpResponse<String> refused = postToNodeAsLeader(node, "/v1/delete_user", Json.writeBytes(captured));
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            }
        }
        assertThat(holders(account, "kept-elsewhere")).hasSize(6);
    }

    @Test
    void aDeleteNamingAnotherPublicKeyErasesNothing() throws Exception {
        AccountKey account = AccountKey.generate();
        DealtKey dealt = register(account, "kept-other-key");
        Point otherKey = Point.baseMultiply(Scalar.random(RANDOM));

        Deletion deletion = USERS.delete(network, account, "kept-other-key", otherKey);

        assertThat(deletion.acks()).isEmpty();
        assertThat(deletion.failures()).hasSize(6).allSatisfy(failure -> assertThat(failure.status()).isEqualTo(409));
        assertThat(holders(account, "kept-other-key")).hasSize(6);
        assertThat(USERS.delete(network, account, "kept-other-key", dealt.commitments().publicKey()).isComplete()).isTrue();
        assertThat(holders(account, "kept-other-key")).isEmpty();
    }

    @Test
    void bundlesForAnotherNetworkOrEpochOrOutsideTheirLifetimeAreRefusedByLeaderAndNodes() throws Exception {
        AccountKey account = AccountKey.generate();
        DealtKey dealt = FeldmanDealer.generate(2, 3, RANDOM);
        CommitteeView committee = network.committees().getFirst();
        long now = Instant.now().getEpochSecond();
        NetworkBinding here = NetworkBinding.of(network.registry());
        // each bundle is well formed but for one field, which the refusal must name (a bundle refused
        // for anything else would let this test pass without the check it is about)
        Map<NewUserBundle, String> refused = new LinkedHashMap<>();
        refused.put(bundle(new NetworkBinding("another-network", here.epoch()), account, committee, dealt, now + 60),
                "networkId");
        refused.put(bundle(new NetworkBinding(here.networkId(), here.epoch() + 1), account, committee, dealt, now + 60),
                "epoch");
        refused.put(bundle(here, account, committee, dealt, now - 1), "expiresAt");
        refused.put(bundle(here, account, committee, dealt, now + NewUserBundle.MAX_LIFETIME_SECONDS + 120),
                "expiresAt");
        for (var entry : refused.entrySet()) {
            assertThat(postExpectingRefusal(entry.getKey())).isEqualTo(400);
            HttpResponse<String> atNode = postToNodeAsLeader("node-1a", "/v1/new_user", Json.writeBytes(entry.getKey()));
            assertThat(atNode.statusCode()).as(atNode.body()).isEqualTo(400);
            assertThat(atNode.body()).contains(entry.getValue());
        }
        assertThat(holders(account, "bound")).isEmpty();
    }

    private static NewUserBundle bundle(NetworkBinding binding, AccountKey account, CommitteeView committee,
                                        DealtKey dealt, long expiresAt) {
        byte[] nonce = new byte[NewUserBundle.NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        byte[] chainCode = new byte[32];
        RANDOM.nextBytes(chainCode);
        return BundleBuilder.build(binding, account, "bound", 2, committee, dealt.commitments(),
                dealt.shard(committee.index()), expiresAt, nonce, chainCode);
    }

    private static DealtKey register(AccountKey account, String keyId) throws SigilApiException {
        DealtKey dealt = FeldmanDealer.generate(2, 3, RANDOM);
        for (CommitteeView committee : network.committees()) {
            assertThat(post(TestBundles.build(network, account, keyId, 2, committee, dealt.commitments(),
                    dealt.shard(committee.index()))).failures()).isEmpty();
        }
        return dealt;
    }

    static DeleteUserRequest deletion(NetworkBinding binding, AccountKey account, String keyId, Point publicKey) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        long expiresAt = Instant.now().getEpochSecond() + 300;
        byte[] signature = account.sign(DeleteUserRequest.signedMessage(binding, account.userId(), keyId, publicKey,
                expiresAt, nonce));
        return new DeleteUserRequest(binding.networkId(), binding.epoch(), account.userId(), keyId,
                WireFields.pointHex(publicKey), expiresAt, HexFormat.of().formatHex(nonce), account.publicKey().toHex(),
                WireFields.toHex(signature));
    }

    /** Posts straight to each node through a leader that relays anything (the leader may be the attacker). */
    private static DeleteUserRelayResponse postDelete(DeleteUserRequest request, int committee) throws Exception {
        try {
            return HTTP.post(leaderUrl(committee).resolve("/v1/delete_user"), request, DeleteUserRelayResponse.class);
        } catch (SigilApiException refusedByLeader) {
            assertThat(refusedByLeader.status()).isEqualTo(400);
            return new DeleteUserRelayResponse(committee, "leader-" + committee, List.of(), List.of());
        }
    }

    /** What a relaying leader does, without the leader's own checks: signed by leader-1's identity. */
    private static HttpResponse<String> postToNodeAsLeader(String nodeId, String path, byte[] body) throws Exception {
        DevnetNode node = devnet.layout().nodes().stream().filter(candidate -> candidate.id().equals(nodeId))
                .findFirst().orElseThrow();
        DevnetNode leader = devnet.layout().nodes().stream().filter(candidate -> candidate.id().equals("leader-1"))
                .findFirst().orElseThrow();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url()).resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        NodeRequestSignature.headers(NodeIdentity.load(leader.dataDirectory().resolve("identity")), "leader-1", nodeId,
                "POST", path, body, System.currentTimeMillis()).forEach(request::header);
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static int postExpectingRefusal(NewUserBundle bundle) {
        try {
            NewUserRelayResponse relayed = post(bundle);
            assertThat(relayed.acks()).isEmpty();
            return relayed.failures().getFirst().status();
        } catch (SigilApiException refused) {
            return refused.status();
        }
    }

    private static List<String> holders(AccountKey account, String keyId) {
        return signingNodes().stream().filter(node -> registrations(node).find(account.userId(), keyId).isPresent())
                .map(DevnetNode::id).toList();
    }

    private static NewUserRelayResponse post(NewUserBundle bundle) throws SigilApiException {
        return HTTP.post(leaderUrl(bundle.committee()).resolve("/v1/new_user"), bundle, NewUserRelayResponse.class);
    }

    private static void repostQuietly(NewUserBundle bundle) {
        try {
            post(bundle);
        } catch (SigilApiException refused) {
            // a refusal is the right answer; only what the stores hold afterwards matters
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static URI leaderUrl(int committee) {
        return URI.create(network.committees().get(committee - 1).leaders().getFirst().url());
    }

    private static KeyRegistrations registrations(DevnetNode node) {
        return devnet.context(node.id()).getBean(KeyRegistrations.class);
    }

    private static List<DevnetNode> signingNodes() {
        return devnet.layout().nodes().stream().filter(node -> node.service() == Role.SIGNING_CLIENT).toList();
    }
}
