package io.sigil.node.transport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.sigil.identity.NodeIdentity;
import io.sigil.wire.auth.NodeRequestSignature;

/**
 * A bare channel reader for tests: connects to a node's {@code GET /v1/channel} (signed as a given
 * node, or unsigned), and queues the frames it reads; {@link #END} marks the end of the stream.
 */
final class RawChannel implements AutoCloseable {
    static final ChannelFrame END = new ChannelFrame(ChannelFrame.Type.REFUSED, -1, new byte[0]);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final int status;
    final String errorBody;
    private final BlockingQueue<ChannelFrame> frames = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;

    private RawChannel(HttpResponse<InputStream> response) throws IOException {
        this.status = response.statusCode();
        this.body = response.body();
        if (status != 200) {
            this.errorBody = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            this.reader = null;
            return;
        }
        this.errorBody = "";
        DataInputStream in = ChannelFrame.reader(body);
        this.reader = Thread.ofVirtual().start(() -> {
            try {
                ChannelFrame frame;
                while ((frame = ChannelFrame.read(in)) != null) {
                    frames.add(frame);
                }
            } catch (IOException | RuntimeException closed) {
                // the test closed the stream
            } finally {
                frames.add(END);
            }
        });
    }

    /**
     * Reads {@code base}'s (node {@code target}'s) channel as {@code nodeId} (unsigned when identity
     * is null), resuming after {@code cursor} of {@code incarnation} when that is not null.
     */
    static RawChannel open(URI base, String target, String nodeId, NodeIdentity identity, byte[] incarnation,
                           long cursor) throws Exception {
        String path = PeerChannel.PATH;
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (incarnation != null) {
            builder.header(PeerChannel.INCARNATION_HEADER, HexFormat.of().formatHex(incarnation));
            builder.header(PeerChannel.LAST_EVENT_ID, Long.toString(cursor));
        }
        if (identity != null) {
            Map<String, String> headers = NodeRequestSignature.headers(identity, nodeId, target, "GET", path, new byte[0],
                    System.currentTimeMillis());
            headers.forEach(builder::header);
        }
        return new RawChannel(HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** The next frame (skipping heartbeats), failing the test if none comes within a generous bound. */
    ChannelFrame next() throws InterruptedException {
        while (true) {
            ChannelFrame frame = frames.poll(20, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("no frame arrived");
            }
            if (frame.type() != ChannelFrame.Type.HEARTBEAT) {
                return frame;
            }
        }
    }

    /** The next frame including heartbeats, or null if none within {@code millis}. */
    ChannelFrame poll(long millis) throws InterruptedException {
        return frames.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // already closed
        }
        if (reader != null) {
            reader.interrupt();
        }
    }
}
