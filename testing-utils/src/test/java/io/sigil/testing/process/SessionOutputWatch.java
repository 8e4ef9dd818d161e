package io.sigil.testing.process;

import io.sigil.devnet.network.DevnetNode;
import io.sigil.identity.NodeIdentity;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.node.transport.ChannelFrame;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Proof that a node is inside a signing session: the test reads that node's channel to a party
 * peer ({@code GET /v1/channel}) signed with the peer's own identity key (read from the peer's data
 * directory, as the peer itself would sign; the node then serves this connection instead of the
 * peer's own), and waits for the first envelope frame of the session, i.e. the node has been
 * admitted, opened the session and sent its first round. The envelope stays sealed (HPKE to the
 * peer); only its arrival is used.
 */
final class SessionOutputWatch implements AutoCloseable {
    private final CompletableFuture<String> firstEnvelope = new CompletableFuture<>();
    private final Thread reader;
    private volatile InputStream body;

    private SessionOutputWatch(DevnetNode speaker, DevnetNode listener, byte[] sessionId) throws Exception {
        NodeIdentity identity = NodeIdentity.load(listener.dataDirectory().resolve("identity"));
        String path = "/v1/channel";
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(speaker.url() + path))
                .header("Accept", "application/octet-stream").GET();
        NodeRequestSignature.headers(identity, listener.id(), speaker.id(), "GET", path, new byte[0], System.currentTimeMillis())
                .forEach(builder::header);
        HttpRequest request = builder.build();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        reader = Thread.ofVirtual().name("watch-" + speaker.id()).start(() -> read(http, request, sessionId.clone()));
    }

    /** Starts watching what {@code speaker} sends to {@code listener} in session {@code sessionId}. */
    static SessionOutputWatch start(DevnetNode speaker, DevnetNode listener, byte[] sessionId) throws Exception {
        return new SessionOutputWatch(speaker, listener, sessionId);
    }

    private void read(HttpClient http, HttpRequest request, byte[] sessionId) {
        try {
            HttpResponse<InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            body = answer.body();
            if (answer.statusCode() != 200) {
                firstEnvelope.completeExceptionally(new IllegalStateException("the channel answered "
                        + answer.statusCode() + ": " + new String(answer.body().readAllBytes(), StandardCharsets.UTF_8)));
                return;
            }
            DataInputStream frames = ChannelFrame.reader(answer.body());
            ChannelFrame frame;
            while (!firstEnvelope.isDone() && (frame = ChannelFrame.read(frames)) != null) {
                if (frame.type() == ChannelFrame.Type.ENVELOPE && Arrays.equals(frame.session(), sessionId)) {
                    firstEnvelope.complete(Long.toString(frame.sequence()));
                }
            }
            firstEnvelope.completeExceptionally(new IllegalStateException("the channel ended before any envelope"));
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
