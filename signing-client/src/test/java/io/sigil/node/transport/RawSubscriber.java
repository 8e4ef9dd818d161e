package io.sigil.node.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.sigil.identity.NodeIdentity;
import io.sigil.wire.sse.SseParser;
import io.sigil.wire.sse.SseParser.SseEvent;
import io.sigil.wire.auth.NodeRequestSignature;

/**
 * A bare SSE reader for tests: subscribes to a node's session stream (signed as a given node,
 * or unsigned), and queues the events it reads; {@link #END} marks the end of the stream.
 */
final class RawSubscriber implements AutoCloseable {
    static final SseEvent END = new SseEvent(null, "<end>", "");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final int status;
    final String errorBody;
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    /** Comment lines seen (heartbeats). */
    final List<String> comments = new CopyOnWriteArrayList<>();
    private final Stream<String> lines;
    private final Thread reader;

    private RawSubscriber(HttpResponse<Stream<String>> response) {
        this.status = response.statusCode();
        this.lines = response.body();
        if (status != 200) {
            this.errorBody = lines.collect(Collectors.joining("\n"));
            this.reader = null;
            return;
        }
        this.errorBody = "";
        SseParser parser = new SseParser(events::add);
        this.reader = Thread.ofVirtual().start(() -> {
            try {
                Iterator<String> iterator = lines.iterator();
                while (iterator.hasNext()) {
                    String line = iterator.next();
                    if (line.startsWith(":")) {
                        comments.add(line);
                    }
                    parser.line(line);
                }
            } catch (RuntimeException closed) {
                // the test closed the stream
            } finally {
                events.add(END);
            }
        });
    }

    /**
     * Subscribes to {@code base}'s (node {@code target}'s) stream of {@code sessionKey} as {@code nodeId}
     * (unsigned when identity is null).
     */
    static RawSubscriber open(URI base, String target, String sessionKey, String nodeId, NodeIdentity identity,
                              long lastEventId)
            throws Exception {
        String path = "/v1/subscribe/" + sessionKey;
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).GET().header("Accept", "text/event-stream");
        if (lastEventId > 0) {
            builder.header("Last-Event-ID", Long.toString(lastEventId));
        }
        if (identity != null) {
            Map<String, String> headers = NodeRequestSignature.headers(identity, nodeId, target, "GET", path, new byte[0],
                    System.currentTimeMillis());
            headers.forEach(builder::header);
        }
        return new RawSubscriber(HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    /** The next event (skipping heartbeats), failing the test if none comes within a generous bound. */
    SseEvent next() throws InterruptedException {
        while (true) {
            SseEvent event = events.poll(20, TimeUnit.SECONDS);
            if (event == null) {
                throw new AssertionError("no event arrived");
            }
            if (!event.name().equals("message")) {
                return event;
            }
        }
    }

    @Override
    public void close() {
        lines.close();
        if (reader != null) {
            reader.interrupt();
        }
    }
}
