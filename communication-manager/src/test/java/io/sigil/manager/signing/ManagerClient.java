package io.sigil.manager.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.identity.AccountKey;
import io.sigil.json.Json;
import io.sigil.wire.FaultReport;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignRequestAccepted;
import io.sigil.wire.sign.SignatureStatus;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Instant;

/** A user's side of the manager's HTTP API in the tests: signed requests, submit, final status, fault counters. */
final class ManagerClient {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManagerNetwork network;

    ManagerClient(ManagerNetwork network) {
        this.network = network;
    }

    SignRequest request(AccountKey account, String message, long expiresAt) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return SignRequest.forMessage(network.binding(), account, "key-1", network.publicKey(), 2, message, null, expiresAt, nonce);
    }

    SignRequest request(AccountKey account, String message) {
        return request(account, message, Instant.now().getEpochSecond() + 600);
    }

    HttpResponse<String> post(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(network.managerUrl().resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(network.managerUrl().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(SignRequest request) throws Exception {
        return post("/v1/sign_request", Json.writeBytes(request));
    }

    String submit(SignRequest request) throws Exception {
        HttpResponse<String> answer = send(request);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return Json.read(answer.body(), SignRequestAccepted.class).requestId();
    }

    SignatureStatus status(String requestId) throws Exception {
        return Json.read(get("/v1/signature/" + requestId).body(), SignatureStatus.class);
    }

    /** Waits on the event stream, which ends after the final status. */
    SignatureStatus awaitFinal(String requestId) throws Exception {
        HttpResponse<String> stream = get("/v1/signature/" + requestId + "/events");
        assertThat(stream.statusCode()).isEqualTo(200);
        String data = stream.body().lines().filter(line -> line.startsWith("data:")).findFirst().orElseThrow()
                .substring("data:".length()).trim();
        SignatureStatus status = Json.read(data, SignatureStatus.class);
        assertThat(status.finished()).as(data).isTrue();
        return status;
    }

    FaultReport faults() throws Exception {
        HttpResponse<String> answer = get("/v1/faults");
        assertThat(answer.statusCode()).isEqualTo(200);
        return Json.read(answer.body(), FaultReport.class);
    }
}
