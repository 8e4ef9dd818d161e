package io.sigil.manager.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.crypto.dkls23.PartyId;
import io.sigil.crypto.dkls23.SigningParty;
import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.manager.store.RequestStore;
import io.sigil.party.PartySelection;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignRequestAccepted;
import io.sigil.wire.sign.SignatureStatus;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/sign_request} with {@code Prefer: wait=N} (docs/client-protocol.md, "Answer on the
 * POST") and the accepting write overlapped with attempt 1 (docs/security.md, "The accepting
 * write"), against fake signing nodes (3 committees × 2 replicas, t = 2). Every wait is on a latch
 * the test opens, or on the request itself.
 */
@Timeout(60)
class AnswerOnPostTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final AccountKey account = AccountKey.generate();
    private ManagerNetwork network;

    @BeforeEach
    void start(@TempDir Path directory) throws Exception {
        network = new ManagerNetwork(directory, 3, 2);
        network.startManager(3, "2s");
    }

    @AfterEach
    void stop() throws IOException {
        network.close();
    }

    private SignRequest newRequest(String message) {
        return network.newRequest(account, message);
    }

    /** Posts the request, with {@code Prefer} when {@code prefer} is not null. */
    private HttpResponse<String> post(SignRequest request, String prefer) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(network.managerUrl().resolve("/v1/sign_request"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(request)));
        if (prefer != null) {
            builder.header("Prefer", prefer);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(network.managerUrl().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private SignatureStatus statusOf(String requestId) throws Exception {
        HttpResponse<String> answer = get("/v1/signature/" + requestId);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Json.read(answer.body(), SignatureStatus.class);
    }

    private List<FakeSigningNode> firstMembers(SignRequest request) {
        SigningParty party = PartySelection.select(network.registry(), network.publicKey(), request.digest(),
                request.requestId(), 1, 2, List.of());
        return party.members().stream().map(PartyId::nodeId).map(network::node).toList();
    }

    @Test
    void preferWaitAnswersTheFinalStatusOnThePostWithTheBodyOfTheStatusGet() throws Exception {
        SignRequest request = newRequest("answer me on the post");
        HttpResponse<String> answer = post(request, "respond-async, wait=20");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Preference-Applied")).hasValue("wait=20");
        SignatureStatus status = Json.read(answer.body(), SignatureStatus.class);
        assertThat(status.status()).isEqualTo(SignatureStatus.DONE);
        assertThat(status.requestId()).isEqualTo(request.requestId());
        assertThat(answer.body()).isEqualTo(get("/v1/signature/" + request.requestId()).body());
        // a replay is refused as before, header or not
        assertThat(post(request, "wait=20").statusCode()).isEqualTo(409);
    }

    @Test
    void withoutTheHeaderOrWithWaitZeroThePostAnswers202AsBefore() throws Exception {
        for (String prefer : new String[] {null, "wait=0", "wait=soon", "respond-async"}) {
            SignRequest request = newRequest("no wait: " + prefer);
            HttpResponse<String> answer = post(request, prefer);
            assertThat(answer.statusCode()).as(prefer + ": " + answer.body()).isEqualTo(202);
            assertThat(Json.read(answer.body(), SignRequestAccepted.class).requestId()).isEqualTo(request.requestId());
            assertThat(answer.headers().firstValue("Preference-Applied")).isEmpty();
        }
    }

    @Test
    void aRequestStillRunningWhenTheWaitEndsIsAnswered202AndItsEventStreamStillServesTheResult() throws Exception {
        SignRequest request = newRequest("slow party");
        CountDownLatch reports = new CountDownLatch(1);
        firstMembers(request).forEach(member -> member.reportAfter = reports);

        HttpResponse<String> answer = post(request, "wait=1");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(Json.read(answer.body(), SignRequestAccepted.class).requestId()).isEqualTo(request.requestId());
        assertThat(statusOf(request.requestId()).status()).isEqualTo(SignatureStatus.PENDING);

        CompletableFuture<HttpResponse<String>> stream = http.sendAsync(HttpRequest.newBuilder(network.managerUrl()
                .resolve("/v1/signature/" + request.requestId() + "/events")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        reports.countDown();
        String data = stream.get().body().lines().filter(line -> line.startsWith("data:")).findFirst().orElseThrow()
                .substring("data:".length()).trim();
        assertThat(Json.read(data, SignatureStatus.class)).isEqualTo(statusOf(request.requestId()));
        assertThat(statusOf(request.requestId()).status()).isEqualTo(SignatureStatus.DONE);
    }

    @Test
    void aFailedRequestIsAnsweredWithTheFailureBodyOfTheStatusGet() throws Exception {
        network.nodes().forEach(node -> node.behaviour = FakeSigningNode.Behaviour.REFUSE);
        SignRequest request = newRequest("nobody signs");
        HttpResponse<String> answer = post(request, "wait=30");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        SignatureStatus status = Json.read(answer.body(), SignatureStatus.class);
        assertThat(status.status()).isEqualTo(SignatureStatus.FAILED);
        assertThat(status.reason()).isNotBlank();
        assertThat(answer.body()).isEqualTo(get("/v1/signature/" + request.requestId()).body());
    }

    @Test
    void attemptOneRunsDuringTheAcceptingWriteAndAReplayMeanwhileIsRefused() throws Exception {
        SigningCoordinator coordinator = network.context().getBean(SigningCoordinator.class);
        RequestStore store = network.context().getBean(RequestStore.class);
        SignRequest request = newRequest("overlapped");
        List<FakeSigningNode> members = firstMembers(request);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        coordinator.beforeAcceptingWrite = () -> {
            writing.countDown();
            await(release);
        };

        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> send(request, "wait=20"));
        writing.await();
        // attempt 1 goes out and is signed while the write is held: the overlap
        members.forEach(member -> await(member.firstReportAnswered));
        assertThat(members).allMatch(member -> member.received.size() == 1);
        HttpResponse<String> replay = post(request, "wait=20");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(409);
        // nothing is announced or written before the accepting write ended
        assertThat(get("/v1/signature/" + request.requestId()).statusCode()).isEqualTo(404);
        assertThat(store.find(request.requestId())).isEmpty();

        release.countDown();
        HttpResponse<String> answer = first.get();
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        SignatureStatus status = Json.read(answer.body(), SignatureStatus.class);
        assertThat(status.status()).isEqualTo(SignatureStatus.DONE);
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(members).allMatch(member -> member.received.size() == 1);
    }

    @Test
    void aFailedAcceptingWriteAnswersNo202AndTheSignedAttemptIsNeverAnnounced() throws Exception {
        SigningCoordinator coordinator = network.context().getBean(SigningCoordinator.class);
        SignRequest request = newRequest("lost before its write");
        List<FakeSigningNode> members = firstMembers(request);
        coordinator.beforeAcceptingWrite = () -> {
            // attempt 1 signed and both members reported before the write fails
            members.forEach(member -> await(member.firstReportAnswered));
            throw new IllegalStateException("the disk is gone");
        };

        HttpResponse<String> answer = post(request, "wait=20");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(500);
        while (coordinator.driving(request.requestId())) {
            Thread.onSpinWait();
        }
        assertThat(get("/v1/signature/" + request.requestId()).statusCode()).isEqualTo(404);
        assertThat(get("/v1/signature/" + request.requestId() + "/events").statusCode()).isEqualTo(404);
        assertThat(coordinator.pending()).isEmpty();
        assertThat(members).allMatch(member -> member.received.size() == 1);
        // the id stays claimed in this process: its session id is never run twice
        coordinator.beforeAcceptingWrite = () -> { };
        assertThat(post(request, null).statusCode()).isEqualTo(409);
    }

    private HttpResponse<String> send(SignRequest request, String prefer) {
        try {
            return post(request, prefer);
        } catch (Exception failed) {
            throw new IllegalStateException(failed);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
