package io.sigil.testing.process;

import io.sigil.devnet.network.DevnetNode;
import io.sigil.identity.NodeIdentity;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.sse.SseParser;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Proof that a node is inside a signing session: the test subscribes to that node's stream of
 * the session ({@code GET /v1/subscribe/{session}}) signed with a party peer's own identity key
 * (read from the peer's data directory, as the peer itself would sign), and waits for the first
 * {@code envelope} event, i.e. the node has been admitted, opened the session and sent its first
 * round. The envelope stays sealed (HPKE to the peer); only its arrival is used.
 */
final class SessionOutputWatch implements AutoCloseable {
    private final CompletableFuture<String> firstEnvelope = new CompletableFuture<>();
    private final Thread reader;
    private volatile InputStream body;

    private SessionOutputWatch(DevnetNode speaker, DevnetNode listener, byte[] sessionId) throws Exception {
        NodeIdentity identity = NodeIdentity.load(listener.dataDirectory().resolve("identity"));
        String path = "/v1/subscribe/" + HexFormat.of().formatHex(sessionId);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(speaker.url() + path))
                .header("Accept", "text/event-stream").GET();
        NodeRequestSignature.headers(identity, listener.id(), speaker.id(), "GET", path, new byte[0], System.currentTimeMillis())
                .forEach(builder::header);
        HttpRequest request = builder.build();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        reader = Thread.ofVirtual().name("watch-" + speaker.id()).start(() -> read(http, request));
    }

    /** Starts watching what {@code speaker} sends to {@code listener} in session {@code sessionId}. */
    static SessionOutputWatch start(DevnetNode speaker, DevnetNode listener, byte[] sessionId) throws Exception {
        return new SessionOutputWatch(speaker, listener, sessionId);
    }

    private void read(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            body = answer.body();
            if (answer.statusCode() != 200) {
                firstEnvelope.completeExceptionally(new IllegalStateException("subscribe answered "
                        + answer.statusCode() + ": " + new String(answer.body().readAllBytes(), StandardCharsets.UTF_8)));
                return;
            }
            SseParser parser = new SseParser(event -> {
                if ("envelope".equals(event.name())) {
                    firstEnvelope.complete(event.id());
                }
            });
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(answer.body(), StandardCharsets.UTF_8))) {
                String line;
                while (!firstEnvelope.isDone() && (line = lines.readLine()) != null) {
                    parser.line(line);
                }
            }
            firstEnvelope.completeExceptionally(new IllegalStateException("the stream ended before any envelope"));
        } catch (Exception failed) {
            firstEnvelope.completeExceptionally(failed);
        }
    }

    /** Waits for the first envelope; fails with why the stream gave none. */
    void awaitFirstEnvelope(Duration timeout) throws Exception {
        try {
            firstEnvelope.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            throw new IllegalStateException("no envelope from the session within " + timeout, late);
        }
    }

    @Override
    public void close() {
        InputStream stream = body;
        if (stream != null) {
            try {
                stream.close();
            } catch (java.io.IOException ignored) {
                // the watched node is usually dead by now
            }
        }
        reader.interrupt();
    }
}
