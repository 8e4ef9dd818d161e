package io.sigil.testing.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.party.PartySelection;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The coalesced manager↔node routes on an in-JVM devnet (3 × 2, t = 2): {@code POST
 * /v1/new_party/batch} on a signing node and {@code POST /v1/report/batch} on the manager answer
 * each item on its own, in order, under its own id; one signature covers the whole body and a
 * batch is refused whole when forged or replayed; and signing goes on through the usual retry
 * when one node is down.
 */
class BatchedRoutesTest {
    @TempDir
    static Path directory;

    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));
    private static final HttpClient RAW = HttpClient.newHttpClient();
    private static Devnet devnet;
    private static TrustedNetwork network;
    private static URI manager;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT);
        network = new Discovery(HTTP, devnet.pin()).network(URI.create(devnet.entryUrl()));
        manager = URI.create(network.managers().getFirst().url());
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void aNodeAdmitsOrRefusesEachNewPartyOfABatchOnItsOwnAndAnswersEachUnderItsOwnId() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        SignRequest request = ManagerRequests.messageRequest(account, key, "batched", Duration.ofSeconds(120));
        SigningParty party = PartySelection.select(devnet.registry(), key.publicKey(), request.digest(),
                request.requestId(), 1, 2, List.of());
        String member = party.members().getFirst().nodeId();
        SigningParty notSelected = SigningParty.of(new PartyId(party.members().getFirst().index(), member),
                new PartyId(party.members().get(1).index(), ManagerRequests.sibling(party.members().get(1).nodeId())));
        NewParty valid = NewParty.of(request.requestId(), request, 1, party, List.of(), sessionId(request, key, party, 1));
        NewParty wrongSession = NewParty.of(request.requestId(), request, 1, party, List.of(),
                sessionId(request, key, party, 2));
        NewParty wrongParty = NewParty.of(request.requestId(), request, 1, notSelected, List.of(),
                sessionId(request, key, notSelected, 1));
        byte[] malformed = "{\"requestId\":true,\"sessionId\":\"0a\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> answer = send(signed("manager-1", member, "/v1/new_party/batch", batch(
                Json.writeBytes(wrongSession), Json.writeBytes(valid), Json.writeBytes(valid), Json.writeBytes(wrongParty),
                malformed)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode items = Json.read(answer.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("items");
        assertThat(items.size()).isEqualTo(5);
        assertItem(items.get(0), wrongSession.sessionId(), 400, "sessionId is not the sign_sid");
        assertItem(items.get(1), valid.sessionId(), 202, valid.sessionId());
        // the same session again in the same batch: its own answer, the replay refusal, not its twin's 202
        assertItem(items.get(2), valid.sessionId(), 409, "");
        assertItem(items.get(3), wrongParty.sessionId(), 403, "deterministic selection");
        assertItem(items.get(4), "0a", 400, "new party");
    }

    @Test
    void theManagerTakesOrRefusesEachReportOfABatchOnItsOwn() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        SignRequest request = ManagerRequests.messageRequest(account, key, "reported", Duration.ofSeconds(120));
        SignatureStatus signed = ManagerRequests.submitAndAwaitOutcome(HTTP, manager, request);
        assertThat(signed.status()).isEqualTo(SignatureStatus.DONE);
        String sender = "node-1a";
        SessionReport late = SessionReport.failed(request.requestId(), 1, new byte[32], sender, "late", List.of());
        SessionReport unknown = SessionReport.failed("no-such-request", 1, new byte[32], sender,
                "lost", List.of());
        SessionReport forAnother = SessionReport.failed(request.requestId(), 1, new byte[32], "node-2a", "not mine",
                List.of());
        byte[] badSession = Json.writeBytes(Map.of("requestId", request.requestId(), "attempt", 1, "sessionId", "zz",
                "nodeId", sender, "status", "failed", "culprits", List.of()));

        HttpResponse<String> answer = send(signed(sender, "manager-1", "/v1/report/batch", batch(Json.writeBytes(late),
                Json.writeBytes(unknown), Json.writeBytes(forAnother), badSession)));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode items = Json.read(answer.body().getBytes(StandardCharsets.UTF_8), JsonNode.class).get("items");
        assertThat(items.size()).isEqualTo(4);
        // the request is final: the late report is taken and ignored, exactly as the single route answers it
        assertItem(items.get(0), late.sessionId(), 200, "\"accepted\":false");
        assertItem(items.get(1), unknown.sessionId(), 404, "no sign request");
        assertItem(items.get(2), forAnother.sessionId(), 403, "signed a report for node node-2a");
        assertItem(items.get(3), "zz", 400, "sessionId");
    }

    @Test
    void aForgedOrReplayedBatchIsRefusedWhole() throws Exception {
        SessionReport report = SessionReport.failed("no-such-request", 1, new byte[32], "node-1a", "lost", List.of());
        byte[] body = batch(Json.writeBytes(report), Json.writeBytes(report));
        HttpRequest.Builder forged = signed("node-1a", "manager-1", "/v1/report/batch", body);
        byte[] tampered = body.clone();
        tampered[tampered.length - 4] ^= 1;
        HttpRequest tamperedRequest = forged.copy().POST(HttpRequest.BodyPublishers.ofByteArray(tampered)).build();
        HttpRequest asAnotherNode = signed("node-2a", "manager-1", "/v1/report/batch", body).copy()
                .setHeader(NodeRequestSignature.NODE_HEADER, "node-1a").build();
        HttpRequest original = signed("node-1a", "manager-1", "/v1/report/batch", body).build();

        HttpResponse<String> tamperedAnswer = RAW.send(tamperedRequest, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> impersonated = RAW.send(asAnotherNode, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> first = RAW.send(original, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> replayed = RAW.send(original, HttpResponse.BodyHandlers.ofString());

        assertThat(tamperedAnswer.statusCode()).as(tamperedAnswer.body()).isEqualTo(401);
        assertThat(impersonated.statusCode()).as(impersonated.body()).isEqualTo(401);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(401);
        assertThat(replayed.body()).contains("replay");
    }

    @Test
    void requestsSignedConcurrentlyWhileANodeIsDownStillSignThroughTheRetry() throws Exception {
        AccountKey account = AccountKey.generate();
        Registration key = new UserClient(HTTP).register(network, account, NewKeyOptions.defaults());
        MeterRegistry meters = devnet.context("manager-1").getBean(MeterRegistry.class);
        double before = meters.get("sigil.batch.items").tag("route", "new_party").functionCounter().count();
        devnet.stop("node-3b");
        try {
            List<Future<SignatureStatus>> outcomes = new ArrayList<>();
            try (ExecutorService users = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 8; i++) {
                    SignRequest request = ManagerRequests.messageRequest(account, key, "while down " + i,
                            Duration.ofSeconds(120));
                    outcomes.add(users.submit(() -> ManagerRequests.submitAndAwaitOutcome(HTTP, manager, request)));
                }
            }
            for (Future<SignatureStatus> outcome : outcomes) {
                assertThat(outcome.get().status()).as(String.valueOf(outcome.get())).isEqualTo(SignatureStatus.DONE);
            }
        } finally {
            devnet.restart("node-3b");
        }
        assertThat(meters.get("sigil.batch.items").tag("route", "new_party").functionCounter().count())
                .as("every new_party went through the coalescing client").isGreaterThanOrEqualTo(before + 16);
    }

    private static void assertItem(JsonNode item, String id, int status, String bodyContains) {
        assertThat(item.get("id").asString()).as(item.toString()).isEqualTo(id);
        assertThat(item.get("status").asInt()).as(item.toString()).isEqualTo(status);
        assertThat(item.get("body").toString()).contains(bodyContains);
    }

    private static byte[] batch(byte[]... items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"items\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items[i]);
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static HttpRequest.Builder signed(String from, String target, String path, byte[] body) throws Exception {
        return ManagerPosts.signed(devnet, from, target, path, body);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return RAW.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] sessionId(SignRequest request, Registration key, SigningParty party, int attempt) {
        return ManagerRequests.sessionId(devnet.registry(), request, key, party, attempt);
    }
}
