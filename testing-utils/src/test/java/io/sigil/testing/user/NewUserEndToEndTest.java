package io.sigil.testing.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.user.Deletion;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.leader.relay.CommitteeRelay;
import io.sigil.node.user.KeyRecord;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.registry.Role;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.wire.WhoClResponse.CommitteeView;
import io.sigil.wire.WireFields;
import io.sigil.wire.user.EncryptedShard;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.NewUserRelayResponse;
import io.sigil.wire.user.NodeFailure;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * new_user and delete_user on an in-JVM devnet (3 committees × 2 nodes, t = 2) with real
 * encrypted kvdb stores: the client is the dealer, leaders relay, nodes verify and store.
 */
class NewUserEndToEndTest {
    @TempDir
    static Path directory;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(20));
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

    @Test
    void everyNodeOfEveryCommitteeHoldsAVerifiedShardAndTheAddressIsTheImportedKeys() {
        Scalar imported = Scalar.random(RANDOM);
        AccountKey account = AccountKey.generate();

        Registration registration = USERS.register(network, account, NewKeyOptions.defaults().importing(imported));

        assertThat(registration.isComplete()).as("failures: %s", registration.failures()).isTrue();
        assertThat(registration.acknowledgements()).isEqualTo(6);
        assertThat(registration.address()).isEqualTo(EthereumAddress.fromPublicKey(Point.baseMultiply(imported)));
        for (DevnetNode node : signingNodes()) {
            KeyRecord record = registrations(node).find(account.userId(), registration.keyId()).orElseThrow();
            assertThat(record.committee()).isEqualTo(node.committee());
            assertThat(record.publicKey()).isEqualTo(Point.baseMultiply(imported));
            assertThat(record.commitments().verifyShard(node.committee(), record.share())).isTrue();
            assertThat(record.accountKey()).isEqualTo(account.publicKey());
        }
    }

    @Test
    void aLeaderThatTampersWithOneCiphertextIsCaughtByThatNodeAndReportedByTheClient() throws Exception {
        AccountKey account = AccountKey.generate();
        try (TamperingLeader impostor = new TamperingLeader(leaderRelay(1), (node, bundle) ->
                node.id().equals("node-1a") ? withFlippedCiphertext(bundle, "node-1a") : bundle)) {
            Registration registration = USERS.register(impostor.redirect(network, 1), account, NewKeyOptions.defaults());

            // node-1b acknowledged: committee 1 can sign, the key is usable (keygen §2.6), node-1a is named
            assertThat(registration.isComplete()).isTrue();
            assertThat(registration.unacknowledged()).containsExactly("node-1a");
            assertThat(registration.failures()).singleElement().satisfies(failure -> {
                assertThat(failure.nodeId()).isEqualTo("node-1a");
                assertThat(failure.status()).isEqualTo(400);
                assertThat(failure.detail()).contains("signature");
            });
            assertThat(registrations(node("node-1a")).find(account.userId(), registration.keyId())).isEmpty();
            assertThat(registrations(node("node-1b")).find(account.userId(), registration.keyId())).isPresent();
        }
    }

    @Test
    void forgedAcksFromALeaderDoNotCountTowardsTheCommitteesAcknowledgement() throws Exception {
        AccountKey account = AccountKey.generate();
        AccountKey stranger = AccountKey.generate();
        // the real nodes store their shards, but the leader hides their acks and reports forgeries:
        // node-3a's ack signed by a key that is not node-3a's, node-3b's with a corrupted signature
        try (TamperingLeader impostor = new TamperingLeader(leaderRelay(3), (node, bundle) -> bundle,
                response -> new NewUserRelayResponse(response.committee(), response.leaderId(),
                        response.acks().stream().map(ack -> ack.nodeId().equals("node-3a")
                                ? new NewUserAck(ack.nodeId(), ack.userId(), ack.keyId(), ack.committee(),
                                ack.commitmentsHash(), WireFields.toHex(stranger.sign(NewUserAck.signedMessage(
                                ack.nodeId(), ack.userId(), ack.keyId(), ack.committee(),
                                WireFields.hex("commitmentsHash", ack.commitmentsHash(), 32)))))
                                : new NewUserAck(ack.nodeId(), ack.userId(), ack.keyId(), ack.committee(),
                                ack.commitmentsHash(), flipLastDigit(ack.signature()))).toList(),
                        response.failures()))) {
            Registration registration = USERS.register(impostor.redirect(network, 3), account, NewKeyOptions.defaults());

            assertThat(registration.isComplete()).as("a committee whose only acks are forged has not acknowledged")
                    .isFalse();
            assertThat(registration.unacknowledgedCommittees()).containsExactly(3);
            assertThat(registration.failures()).extracting(NodeFailure::nodeId)
                    .containsExactlyInAnyOrder("node-3a", "node-3b");
            assertThat(registration.failures()).allSatisfy(failure -> assertThat(failure.type()).endsWith("bad-ack"));
        }
    }

    private static String flipLastDigit(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }

    @Test
    void aLeaderThatSwapsTheCommitmentsIsCaughtByThatNode() throws Exception {
        AccountKey account = AccountKey.generate();
        DealtKey other = FeldmanDealer.generate(2, 3, RANDOM);
        List<String> foreignCommitments = other.commitments().coefficients().stream().map(WireFields::pointHex).toList();
        try (TamperingLeader impostor = new TamperingLeader(leaderRelay(2), (node, bundle) ->
                node.id().equals("node-2b") ? new NewUserBundle(bundle.networkId(), bundle.epoch(), bundle.userId(),
                        bundle.keyId(), bundle.threshold(), bundle.committee(), bundle.accountKey(), foreignCommitments,
                        bundle.shards(), bundle.expiresAt(), bundle.nonce(), bundle.chainCode(), bundle.signature())
                        : bundle)) {
            Registration registration = USERS.register(impostor.redirect(network, 2), account, NewKeyOptions.defaults());

            assertThat(registration.failures()).extracting(NodeFailure::nodeId).containsExactly("node-2b");
            // the account signs the commitments; the Feldman check would refuse the swap too, so only
            // the reason shows the signature covers them
            assertThat(registration.failures().getFirst().detail()).contains("signature: is not the account key's signature");
            assertThat(registrations(node("node-2b")).find(account.userId(), registration.keyId())).isEmpty();
        }
    }

    @Test
    void aShardThatFailsTheFeldmanCheckIsRefusedWith422AndNothingIsStored() throws Exception {
        AccountKey account = AccountKey.generate();
        DealtKey dealt = FeldmanDealer.generate(2, 3, RANDOM);
        DealtKey unrelated = FeldmanDealer.generate(2, 3, RANDOM);
        // A cheating dealer: commitments of one polynomial, shard of another (signed by the account, so only the Feldman check can catch it).
        NewUserBundle bundle = TestBundles.build(network, account, "feldman", 2, network.committees().get(0),
                dealt.commitments(), unrelated.shard(1));

        NewUserRelayResponse response = HTTP.post(leaderUrl(1).resolve("/v1/new_user"), bundle, NewUserRelayResponse.class);

        assertThat(response.acks()).isEmpty();
        assertThat(response.failures()).hasSize(2).allSatisfy(failure -> {
            assertThat(failure.status()).isEqualTo(422);
            assertThat(failure.type()).isEqualTo("urn:sigil:problem:feldman-check-failed");
        });
        assertThat(registrations(node("node-1a")).find(account.userId(), "feldman")).isEmpty();
    }

    @Test
    void anIdenticalReplayIsIdempotentAndAConflictingBundleIsRefusedWith409LeavingTheShardIntact() throws Exception {
        AccountKey account = AccountKey.generate();
        DealtKey dealt = FeldmanDealer.generate(2, 3, RANDOM);
        List<NewUserBundle> bundles = new ArrayList<>();
        for (CommitteeView committee : network.committees()) {
            bundles.add(TestBundles.build(network, account, "replayed", 2, committee, dealt.commitments(), dealt.shard(committee.index())));
        }
        for (NewUserBundle bundle : bundles) {
            assertThat(post(bundle).failures()).isEmpty();
        }
        Scalar stored = registrations(node("node-3a")).find(account.userId(), "replayed").orElseThrow().share();

        NewUserRelayResponse replay = post(bundles.get(2));
        NewUserBundle reEncrypted = TestBundles.build(network, account, "replayed", 2, network.committees().get(2),
                dealt.commitments(), dealt.shard(3));
        NewUserRelayResponse retried = post(reEncrypted);
        DealtKey conflicting = FeldmanDealer.generate(2, 3, RANDOM);
        NewUserRelayResponse conflict = post(TestBundles.build(network, account, "replayed", 2, network.committees().get(2),
                conflicting.commitments(), conflicting.shard(3)));

        assertThat(replay.acks()).hasSize(2);
        assertThat(replay.failures()).isEmpty();
        assertThat(retried.acks()).hasSize(2);
        assertThat(conflict.acks()).isEmpty();
        assertThat(conflict.failures()).hasSize(2).allSatisfy(failure -> assertThat(failure.status()).isEqualTo(409));
        KeyRecord after = registrations(node("node-3a")).find(account.userId(), "replayed").orElseThrow();
        assertThat(after.share()).isEqualTo(stored);
        assertThat(after.commitments()).isEqualTo(dealt.commitments());
    }

    @Test
    void deleteUserErasesEveryShardForGoodEvenAcrossARestartAndAReplayedBundle() throws Exception {
        AccountKey account = AccountKey.generate();
        DealtKey dealt = FeldmanDealer.generate(2, 3, RANDOM);
        NewUserBundle committeeOne = TestBundles.build(network, account, "doomed", 2, network.committees().get(0),
                dealt.commitments(), dealt.shard(1));
        assertThat(post(committeeOne).failures()).isEmpty();
        for (CommitteeView committee : network.committees().subList(1, 3)) {
            assertThat(post(TestBundles.build(network, account, "doomed", 2, committee, dealt.commitments(),
                    dealt.shard(committee.index()))).failures()).isEmpty();
        }

        Deletion deletion = USERS.delete(network, account, "doomed", dealt.commitments().publicKey());

        assertThat(deletion.isComplete()).as("failures: %s", deletion.failures()).isTrue();
        assertThat(deletion.acks()).hasSize(6);
        for (DevnetNode node : signingNodes()) {
            assertThat(registrations(node).find(account.userId(), "doomed")).isEmpty();
            assertThat(registrations(node).isDeleted(account.userId(), "doomed")).isTrue();
        }
        devnet.restart("node-1a");
        assertThat(registrations(node("node-1a")).find(account.userId(), "doomed")).isEmpty();
        NewUserRelayResponse resurrection = post(committeeOne);
        assertThat(resurrection.acks()).isEmpty();
        assertThat(resurrection.failures()).allSatisfy(failure -> assertThat(failure.status()).isEqualTo(409));
        assertThat(USERS.delete(network, account, "doomed", dealt.commitments().publicKey()).isComplete()).as("a repeated delete is acknowledged").isTrue();
    }

    @Test
    void aRestartedNodeStillHoldsItsShards() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration registration = USERS.register(network, account, NewKeyOptions.defaults());
        assertThat(registration.isComplete()).isTrue();
        Scalar before = registrations(node("node-2a")).find(account.userId(), registration.keyId()).orElseThrow().share();

        devnet.restart("node-2a");

        Optional<KeyRecord> after = registrations(node("node-2a")).find(account.userId(), registration.keyId());
        assertThat(after).isPresent();
        assertThat(after.get().share()).isEqualTo(before);
        assertThat(USERS.register(network, AccountKey.generate(), NewKeyOptions.defaults()).isComplete())
                .as("the restarted node takes new users").isTrue();
    }

    private static NewUserRelayResponse post(NewUserBundle bundle) throws SigilApiException {
        return HTTP.post(leaderUrl(bundle.committee()).resolve("/v1/new_user"), bundle, NewUserRelayResponse.class);
    }

    static NewUserBundle withFlippedCiphertext(NewUserBundle bundle, String nodeId) {
        List<EncryptedShard> shards = bundle.shards().stream().map(shard -> {
            if (!shard.nodeId().equals(nodeId)) {
                return shard;
            }
            byte[] ciphertext = Base64.getDecoder().decode(shard.ciphertext());
            ciphertext[ciphertext.length - 1] ^= 1;
            return new EncryptedShard(nodeId, Base64.getEncoder().encodeToString(ciphertext));
        }).toList();
        return new NewUserBundle(bundle.networkId(), bundle.epoch(), bundle.userId(), bundle.keyId(), bundle.threshold(),
                bundle.committee(), bundle.accountKey(), bundle.commitments(), shards, bundle.expiresAt(), bundle.nonce(),
                bundle.chainCode(), bundle.signature());
    }

    static URI leaderUrl(int committee) {
        return URI.create(network.committees().get(committee - 1).leaders().getFirst().url());
    }

    static CommitteeRelay leaderRelay(int committee) {
        return devnet.context("leader-" + committee).getBean(CommitteeRelay.class);
    }

    static KeyRegistrations registrations(DevnetNode node) {
        return devnet.context(node.id()).getBean(KeyRegistrations.class);
    }

    static DevnetNode node(String id) {
        return devnet.layout().nodes().stream().filter(node -> node.id().equals(id)).findFirst().orElseThrow();
    }

    static List<DevnetNode> signingNodes() {
        return devnet.layout().nodes().stream().filter(node -> node.service() == Role.SIGNING_CLIENT).toList();
    }
}
