package io.sigil.testing.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.crypto.ecdsa.EthereumAddress;
import io.sigil.crypto.ecdsa.MessageDigests;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignRequestAccepted;
import io.sigil.wire.sign.SignatureStatus;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.json.Json;
import io.sigil.party.PartySelection;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.testing.protocol.Verifiers;
import io.sigil.wire.sign.NewParty;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sign_request end to end on an in-JVM devnet (3 × 2, t = 2): manager → party → DKLs23 → verified signature. */
class SignEndToEndTest {
    @TempDir
    static Path directory;

    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static Devnet devnet;
    private static TrustedNetwork network;
    private static URI manager;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT);
        Discovery discovery = new Discovery(HTTP, devnet.pin());
        network = discovery.network(URI.create(devnet.entryUrl()));
        manager = URI.create(network.managers().getFirst().url());
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void aRegisteredKeySignsAMessageThatRecoversToItsAddress() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        assertThat(key.isComplete()).isTrue();

        SignatureStatus status = sign(account, key, "hello sigil");

        assertThat(status.status()).as("reason %s culprits %s", status.reason(), status.culprits()).isEqualTo("done");
        EcdsaSignature signature = EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), 65));
        byte[] digest = MessageDigests.eip191PersonalSign("hello sigil".getBytes());
        assertThat(signature.verify(key.publicKey(), digest)).isTrue();
        assertThat(EthereumAddress.fromPublicKey(signature.recoverPublicKey(digest))).isEqualTo(key.address());

        // what an operator's Prometheus sees of it (design §8)
        assertThat(scrape(manager)).containsPattern("sigil_sign_latency_seconds_bucket\\{[^}]*status=\"done\"")
                .containsPattern("sigil_sign_latency_seconds_count\\{[^}]*status=\"done\"[^}]*} [1-9]");
        for (String holder : nodesHolding(status.requestId())) {
            String nodeMetrics = scrape(devnet.registry().node(holder).orElseThrow().url());
            assertThat(nodeMetrics).contains("sigil_sessions_running{").contains("sigil_sessions_queued{")
                    .containsPattern("sigil_sessions_ended_total\\{[^}]*outcome=\"completed\"[^}]*} [1-9]")
                    .containsPattern("sigil_new_user_total\\{[^}]*} [1-9]");
        }
    }

    private static String scrape(URI service) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(service.resolve("/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void manyUsersSignConcurrentlyAndEverySignatureVerifiesAndTheLoadSpreadsOverTheNodes() throws Exception {
        List<AccountKey> accounts = new ArrayList<>();
        List<Registration> keys = new ArrayList<>();
        for (int user = 0; user < 6; user++) {
            AccountKey account = AccountKey.generate();
            Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
            assertThat(key.isComplete()).isTrue();
            accounts.add(account);
            keys.add(key);
        }
        List<Future<SignatureStatus>> pending = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 24; i++) {
                int user = i % accounts.size();
                String message = "message " + i + " of user " + user;
                messages.add(message);
                pending.add(clients.submit(() -> sign(accounts.get(user), keys.get(user), message)));
            }
            Map<String, Integer> signaturesPerNode = new HashMap<>();
            for (int i = 0; i < pending.size(); i++) {
                SignatureStatus status = pending.get(i).get();
                Registration key = keys.get(i % accounts.size());
                assertThat(status.status()).as("reason %s", status.reason()).isEqualTo("done");
                byte[] digest = MessageDigests.eip191PersonalSign(messages.get(i).getBytes(StandardCharsets.UTF_8));
                EcdsaSignature signature = EcdsaSignature.parse65(WireFields.hex("signature", status.signature(), 65));
                Verifiers.assertValid(signature, key.publicKey(), digest);
                List<String> holders = nodesHolding(status.requestId());
                // t = 2 party nodes hold it; more when an attempt the manager gave up on still finished.
                assertThat(holders).hasSizeGreaterThanOrEqualTo(2);
                holders.forEach(node -> signaturesPerNode.merge(node, 1, Integer::sum));
            }
            assertThat(signaturesPerNode).as("parties spread over the nodes: %s", signaturesPerNode).hasSizeGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void aDeletedKeyCannotSignAndTheFailureSaysWhy() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        assertThat(new UserClient(HTTP).delete(network, account, key.keyId(), key.publicKey()).isComplete()).isTrue();

        // the manager asks the nodes first and refuses at once with their reason (docs/security.md §9, "Manager admission")
        SigilApiException refused = assertThrows(SigilApiException.class, () -> sign(account, key, "too late"));

        assertThat(refused.status()).isEqualTo(410);
        assertThat(refused.problem().type()).isEqualTo("urn:sigil:problem:key-deleted");
        assertThat(refused.getMessage()).contains("was deleted");
    }

    @Test
    void aNodeRefusesAPartyItDoesNotBelongToOrThatIsNotTheDeterministicSelection() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        SignRequest request = request(account, key, "who signs?");
        byte[] digest = request.digest();
        SigningParty party = PartySelection.select(devnet.registry(), key.publicKey(), digest, request.requestId(), 1, 2, List.of());
        SigningParty again = PartySelection.select(devnet.registry(), key.publicKey(), digest, request.requestId(), 1, 2, List.of());
        assertThat(again).as("selection is deterministic").isEqualTo(party);
        String outsider = devnet.registry().committees().stream().flatMap(committee -> committee.signingNodes().stream())
                .map(NodeEntry::id).filter(id -> party.byNode(id).isEmpty()).findFirst().orElseThrow();
        byte[] sessionId = sessionId(request, key, party, 1);

        HttpResponse<String> notMember = postAsManager(outsider, NewParty.of(request.requestId(), request, 1, party, List.of(), sessionId));
        String member = party.members().getFirst().nodeId();
        SigningParty wrong = SigningParty.of(new PartyId(party.members().getFirst().index(), member),
                new PartyId(party.members().get(1).index(), sibling(party.members().get(1).nodeId())));
        HttpResponse<String> notSelected = postAsManager(member, NewParty.of(request.requestId(), request, 1, wrong, List.of(),
                sessionId(request, key, wrong, 1)));
        HttpResponse<String> wrongSession = postAsManager(member, NewParty.of(request.requestId(), request, 1, party, List.of(),
                sessionId(request, key, party, 2)));

        assertThat(notMember.statusCode()).as(notMember.body()).isEqualTo(403);
        assertThat(notMember.body()).contains("not a member");
        assertThat(notSelected.statusCode()).as(notSelected.body()).isEqualTo(403);
        assertThat(notSelected.body()).contains("deterministic selection");
        assertThat(wrongSession.statusCode()).as(wrongSession.body()).isEqualTo(400);
        assertThat(wrongSession.body()).contains("sessionId is not the sign_sid");
    }

    /**
     * Identical new_party racing on one node (the review, by reading: the loser got a 500 and
     * left a stale entry): exactly one is taken, every other gets 409, and a later copy too.
     */
    @Test
    void identicalNewPartiesRacingOnOneNodeTakeOneAndRefuseTheRestWith409() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        for (int round = 0; round < 6; round++) {
            SignRequest request = request(account, key, "raced " + round);
            SigningParty party = PartySelection.select(devnet.registry(), key.publicKey(), request.digest(),
                    request.requestId(), 1, 2, List.of());
            NewParty newParty = NewParty.of(request.requestId(), request, 1, party, List.of(), sessionId(request, key, party, 1));
            String member = party.members().getFirst().nodeId();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            try (ExecutorService racers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int racer = 0; racer < 4; racer++) {
                    answers.add(racers.submit(() -> {
                        go.await();
                        return postAsManager(member, newParty);
                    }));
                }
                go.countDown();
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                statuses.add(answer.get().statusCode());
            }
            assertThat(statuses).as("round %d", round).containsOnly(202, 409).containsOnlyOnce(202);
            assertThat(postAsManager(member, newParty).statusCode()).isEqualTo(409);
        }
    }

    /** A sign_request captured on another network (or signed for another epoch) signs nothing here. */
    @Test
    void aSignRequestForAnotherNetworkOrEpochIsRefusedByTheManagerAndByTheNodes() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        // each is well formed and signed but for the one field named: the manager must refuse it itself
        // ("sign_request: ...", not a node's reason relayed by its key check) and each node on its own
        for (var entry : List.of(Map.entry(new NetworkBinding("another-network", key.network().epoch()), "networkId: "),
                Map.entry(new NetworkBinding(key.network().networkId(), key.network().epoch() + 1), "epoch: "))) {
            NetworkBinding elsewhere = entry.getKey();
            SignRequest captured = SignRequest.forMessage(elsewhere, account, key.keyId(), key.publicKey(),
                    key.threshold(), "captured elsewhere", SignRequest.RULE_EIP191,
                    Instant.now().getEpochSecond() + 120, new byte[SignRequest.NONCE_LENGTH]);
            SigilApiException refused = assertThrows(SigilApiException.class,
                    () -> HTTP.post(URI.create(devnet.registry().managers().getFirst().url().toString())
                            .resolve("/v1/sign_request"), captured, SignRequestAccepted.class));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.problem().detail()).startsWith("sign_request: " + entry.getValue());
            SigningParty party = PartySelection.select(devnet.registry(), key.publicKey(), captured.digest(),
                    captured.requestId(), 1, 2, List.of());
            HttpResponse<String> relayed = postAsManager(party.members().getFirst().nodeId(), NewParty.of(
                    captured.requestId(), captured, 1, party, List.of(), sessionId(captured, key, party, 1)));
            assertThat(relayed.statusCode()).as(relayed.body()).isEqualTo(400);
            assertThat(relayed.body()).contains("sign request: " + entry.getValue());
        }
    }

    static SignRequest request(AccountKey account, Registration key, String message) {
        return ManagerRequests.messageRequest(account, key, message, Duration.ofSeconds(120));
    }

    static byte[] sessionId(SignRequest request, Registration key, SigningParty party, int attempt) {
        return ManagerRequests.sessionId(devnet.registry(), request, key, party, attempt);
    }

    /** The other replica of the same committee in the 3 × 2 devnet (node-2a ↔ node-2b). */
    static String sibling(String nodeId) {
        return ManagerRequests.sibling(nodeId);
    }

    static HttpResponse<String> postAsManager(String nodeId, NewParty newParty) throws Exception {
        return ManagerPosts.newParty(devnet, nodeId, newParty);
    }

    static List<String> nodesHolding(String requestId) throws Exception {
        List<String> holders = new ArrayList<>();
        for (NodeEntry node : devnet.registry().nodes()) {
            if (!node.hasRole(Role.SIGNING_CLIENT)) {
                continue;
            }
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    node.url().resolve("/v1/signature/" + requestId)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                holders.add(node.id());
            }
        }
        return holders;
    }

    static SignatureStatus sign(AccountKey account, Registration key, String message) throws Exception {
        return ManagerRequests.submitAndAwaitOutcome(HTTP, manager, request(account, key, message));
    }
}
