package io.sigil.testing.keygen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.HashRule;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.crypto.dkg.Reveal;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.wire.WireFields;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.keygen.Contributor;
import io.sigil.wire.keygen.DkgAck;
import io.sigil.wire.keygen.DkgActivateCall;
import io.sigil.wire.keygen.DkgDealt;
import io.sigil.wire.keygen.DkgDelivery;
import io.sigil.wire.keygen.DkgDeliveryAnswer;
import io.sigil.wire.keygen.DkgRevealCall;
import io.sigil.wire.keygen.DkgSession;
import io.sigil.wire.keygen.NewKeyRequest;
import io.sigil.wire.keygen.SealedShareEntry;
import io.sigil.wire.keygen.SignedCommit;
import io.sigil.wire.keygen.SignedReveal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manager that lies to the nodes during network key generation (keygen §2.5–§2.6), played by
 * this test with the devnet manager's own identity key: every node re-checks what it relays. A
 * reveal altered in transit is refused naming the manager, not the contributor; a pending key
 * signs nothing; an ack set that leaves a committee out activates nothing; a request for another
 * network is refused; a second request for a pending key id is refused.
 */
class KeygenRelayAttackTest {
    @TempDir
    static Path directory;

    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static Devnet devnet;
    private static TrustedNetwork network;
    private static NodeIdentity manager;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT);
        network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
        DevnetNode managerNode = devnet.layout().nodes().stream().filter(node -> node.id().equals("manager-1"))
                .findFirst().orElseThrow();
        manager = NodeIdentity.load(managerNode.dataDirectory().resolve("identity"));
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    /** Rounds 1 and 2 run honestly by the test-manager for contributors node-1a and node-2a. */
    private record Dealt(AccountKey account, DkgSession session, List<SignedCommit> commits, List<DkgDealt> dealt) {
        DkgDelivery deliveryTo(String node, List<SignedReveal> reveals) {
            List<SealedShareEntry> shares = dealt.stream().flatMap(answer -> answer.shares().stream())
                    .filter(share -> share.nodeId().equals(node)).toList();
            return new DkgDelivery(session, commits, reveals, shares);
        }

        List<SignedReveal> reveals() {
            return dealt.stream().map(DkgDealt::reveal).toList();
        }
    }

    private static Dealt dealt(String keyId) throws Exception {
        AccountKey account = AccountKey.generate();
        NewKeyRequest request = new NetworkKeyClient(HTTP).request(network, account,
                NewKeyOptions.defaults().withKeyId(keyId));
        DkgSession session = new DkgSession(request, 1, List.of(new Contributor(1, "node-1a"), new Contributor(2, "node-2a")));
        List<SignedCommit> commits = List.of(post("node-1a", "/v1/dkg/commit", session, SignedCommit.class),
                post("node-2a", "/v1/dkg/commit", session, SignedCommit.class));
        DkgRevealCall call = new DkgRevealCall(session, commits);
        List<DkgDealt> dealt = List.of(post("node-1a", "/v1/dkg/reveal", call, DkgDealt.class),
                post("node-2a", "/v1/dkg/reveal", call, DkgDealt.class));
        return new Dealt(account, session, commits, dealt);
    }

    @Test
    void aRevealAlteredInTransitIsRefusedNamingTheManagerNotTheContributor() throws Exception {
        Dealt run = dealt("altered");
        SignedReveal honest = run.reveals().getFirst();
        Reveal decoded = Reveal.decode(WireFields.base64("reveal", honest.reveal(), 65536));
        List<Point> commitments = new ArrayList<>(decoded.commitments());
        commitments.set(1, commitments.get(1).add(Point.generator()));
        SignedReveal altered = new SignedReveal(honest.committee(), WireFields.toBase64(new Reveal(decoded.contributor(),
                decoded.commitSetHash(), commitments, decoded.proof()).encode()), honest.signature());

        DkgDeliveryAnswer answer = post("node-3a", "/v1/dkg/deliver",
                run.deliveryTo("node-3a", List.of(altered, run.reveals().get(1))), DkgDeliveryAnswer.class);

        assertThat(answer.ack()).isNull();
        assertThat(answer.complaint().managerAtFault()).isTrue();
        assertThat(answer.complaint().culprits()).isEmpty();
        assertThat(answer.complaint().detail()).contains("not signed by node-1a");
    }

    /**
     * Nodes do not re-verify the commit signatures of a delivery (keygen §6.1): the signed reveals
     * vouch for every {@code h_d}. A commit the manager altered, signature or hash, is still refused
     * naming the manager, and no ack is given.
     */
    @Test
    void aCommitAlteredInTransitIsRefusedNamingTheManager() throws Exception {
        Dealt run = dealt("altered-commit");
        SignedCommit honest = run.commits().getFirst();
        char flipped = honest.commitHash().charAt(0) == '0' ? '1' : '0';
        SignedCommit otherHash = new SignedCommit(honest.committee(), flipped + honest.commitHash().substring(1),
                honest.signature());
        DkgDelivery delivery = run.deliveryTo("node-3b", run.reveals());
        DkgDelivery altered = new DkgDelivery(delivery.session(), List.of(otherHash, run.commits().get(1)),
                delivery.reveals(), delivery.shares());

        DkgDeliveryAnswer answer = post("node-3b", "/v1/dkg/deliver", altered, DkgDeliveryAnswer.class);

        assertThat(answer.ack()).isNull();
        assertThat(answer.complaint().managerAtFault()).isTrue();
        assertThat(answer.complaint().culprits()).isEmpty();
    }

    @Test
    void aPendingKeySignsNothingAndAnActivationThatLeavesACommitteeOutActivatesNothing() throws Exception {
        Dealt run = dealt("pending");
        List<DkgAck> acks = new ArrayList<>();
        for (String node : signingNodes()) {
            DkgDeliveryAnswer answer = post(node, "/v1/dkg/deliver", run.deliveryTo(node, run.reveals()),
                    DkgDeliveryAnswer.class);
            assertThat(answer.complaint()).as("complaint of %s", node).isNull();
            acks.add(answer.ack());
        }
        Point publicKey = WireFields.point("publicKey", acks.getFirst().publicKey());
        AccountFile.KeyEntry entry = new AccountFile.KeyEntry("pending", 2, 3, WireFields.pointHex(publicKey),
                EthereumAddress.fromPublicKey(publicKey), null);
        // the manager asks the nodes before it takes the request; none holds an ACTIVE key yet
        try (SignClient signer = new SignClient(HTTP)) {
            assertThatThrownBy(() -> signer.sign(network, run.account(), entry,
                    new MessageInput.Text("too early", HashRule.EIP191), Duration.ofSeconds(60)))
                    .isInstanceOfSatisfying(SigilApiException.class, refused -> {
                        assertThat(refused.status()).isEqualTo(404);
                        assertThat(refused.getMessage()).contains("holds no key pending");
                    });
        }

        List<DkgAck> withoutCommitteeThree = acks.stream().filter(ack -> ack.committee() != 3).toList();
        DkgActivateCall partial = new DkgActivateCall(run.session(), acks.getFirst().transcriptHash(),
                acks.getFirst().publicKey(), withoutCommitteeThree);
        HttpResponse<String> refused = postRaw("node-1a", "/v1/dkg/activate", partial);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("dkg-refused").contains("CommitteeUncovered");
        assertThat(registrations("node-1a").find(run.account().userId(), "pending")).isEmpty();

        DkgActivateCall complete = new DkgActivateCall(run.session(), acks.getFirst().transcriptHash(),
                acks.getFirst().publicKey(), acks);
        assertThat(postRaw("node-1a", "/v1/dkg/activate", complete).statusCode()).isEqualTo(200);
        assertThat(postRaw("node-1a", "/v1/dkg/activate", complete).statusCode()).as("idempotent").isEqualTo(200);
        assertThat(registrations("node-1a").find(run.account().userId(), "pending")).isPresent();
    }

    @Test
    void aSecondRequestForAPendingKeyIdAndARequestForAnotherNetworkAreRefused() throws Exception {
        Dealt run = dealt("taken");
        DkgDeliveryAnswer first = post("node-3b", "/v1/dkg/deliver", run.deliveryTo("node-3b", run.reveals()),
                DkgDeliveryAnswer.class);
        assertThat(first.ack()).isNotNull();
        NewKeyRequest other = NewKeyRequest.sign(run.account(), network.networkId(), network.epoch(), "taken", 2,
                run.session().request().expiresAt(), new byte[16]);
        DkgSession second = new DkgSession(other, 1, run.session().contributors());
        HttpResponse<String> refused = postRaw("node-3b", "/v1/dkg/deliver", run.deliveryTo("node-3b", run.reveals())
                .withSession(second));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("pending under another request");

        NewKeyRequest elsewhere = NewKeyRequest.sign(run.account(), "another-network", network.epoch(), "elsewhere", 2,
                run.session().request().expiresAt(), new byte[16]);
        HttpResponse<String> wrongNetwork = postRaw("node-1b", "/v1/dkg/commit",
                new DkgSession(elsewhere, 1, run.session().contributors()));
        assertThat(wrongNetwork.statusCode()).isEqualTo(400);
        assertThat(wrongNetwork.body()).contains("networkId");
    }

    @Test
    void aContributorRestartedBetweenCommitAndRevealCannotReveal() throws Exception {
        AccountKey account = AccountKey.generate();
        NewKeyRequest request = new NetworkKeyClient(HTTP).request(network, account, NewKeyOptions.defaults());
        DkgSession session = new DkgSession(request, 1, List.of(new Contributor(2, "node-2b"), new Contributor(3, "node-3a")));
        List<SignedCommit> commits = List.of(post("node-2b", "/v1/dkg/commit", session, SignedCommit.class),
                post("node-3a", "/v1/dkg/commit", session, SignedCommit.class));

        devnet.restart("node-2b");

        HttpResponse<String> refused = postRaw("node-2b", "/v1/dkg/reveal", new DkgRevealCall(session, commits));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("no open contribution");
    }

    private static List<String> signingNodes() {
        return devnet.registry().nodesWithRole(Role.SIGNING_CLIENT).stream().map(NodeEntry::id).toList();
    }

    private static KeyRegistrations registrations(String node) {
        return devnet.context(node).getBean(KeyRegistrations.class);
    }

    private static <T> T post(String node, String path, Object body, Class<T> type) throws Exception {
        HttpResponse<String> answer = postRaw(node, path, body);
        assertThat(answer.statusCode()).as("%s %s: %s", node, path, answer.body()).isEqualTo(200);
        return Json.read(answer.body(), type);
    }

    private static HttpResponse<String> postRaw(String node, String path, Object body) throws Exception {
        byte[] bytes = Json.writeBytes(body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(devnet.registry().node(node).orElseThrow().url()
                .resolve(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        NodeRequestSignature.headers(manager, "manager-1", node, "POST", path, bytes, System.currentTimeMillis())
                .forEach(builder::header);
        return HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
