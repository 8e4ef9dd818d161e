package io.sigil.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.RoundEnvelope.Kind;
import io.sigil.identity.PeerKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The channel reader against a scripted peer (the JDK's HTTP server playing node-1), so the peer
 * can misbehave in ways our own endpoint never would: replayed, reordered and missing frames,
 * forged envelopes, oversized frames, refusals.
 */
class PeerChannelTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final byte[] INCARNATION = new byte[ChannelFrame.INCARNATION_BYTES];
    @TempDir
    static Path directory;
    static TestNodes nodes;
    static byte[] session = new byte[32];
    static EnvelopeSeal nodeOne;
    static EnvelopeSeal nodeThree;

    private HttpServer server;
    private PeerChannel channel;
    private Thread ticker;
    private final List<String> cursors = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final BlockingQueue<RoundEnvelope> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<TransportFailure> failures = new LinkedBlockingQueue<>();
    private final BlockingQueue<EnvelopeRejectedException.Reason> refusals = new LinkedBlockingQueue<>();

    /** What the scripted peer writes on its n-th connection (0-based). */
    private interface Script {
        void answer(int connection, HttpExchange exchange) throws IOException;
    }

    @BeforeAll
    static void network() throws IOException {
        nodes = TestNodes.create(directory, 3);
        new SecureRandom().nextBytes(session);
        new SecureRandom().nextBytes(INCARNATION);
        nodeOne = new EnvelopeSeal(nodes.registry(), "node-1", nodes.identity("node-1"));
        nodeThree = new EnvelopeSeal(nodes.registry(), "node-3", nodes.identity("node-3"));
    }

    @AfterEach
    void stop() {
        if (ticker != null) {
            ticker.interrupt();
        }
        if (channel != null) {
            channel.stop();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private void connect(Script script) throws IOException {
        connect(script, Duration.ofMinutes(1), Set.of("node-1"));
    }

    private void connect(Script script, Duration reconnectBudget, Set<String> party) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext(PeerChannel.PATH, exchange -> {
            cursors.add(String.valueOf(exchange.getRequestHeaders().getFirst(PeerChannel.LAST_EVENT_ID)));
            script.answer(connections.getAndIncrement(), exchange);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        channel = new PeerChannel("node-1", base, HTTP, (builder, target, method, path, body) -> { }, Clock.systemUTC(),
                new PeerChannel.Limits(Duration.ofSeconds(10), reconnectBudget, Duration.ofSeconds(30), 16, 64),
                refusals::add);
        Instant now = Instant.now();
        channel.register(new SessionPart("node-1", session, party,
                new EnvelopeSeal(nodes.registry(), "node-2", nodes.identity("node-2")),
                new PairSeal(nodes.registry(), "node-2", nodes.identity("node-2")), "node-2", received::add, failures::add,
                refusals::add, now, now.plus(Duration.ofMinutes(1))));
        // the tick the node's timer would run
        ticker = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                channel.check();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        });
    }

    private static byte[] resumed(long cursor, byte[]... released) {
        return ChannelFrame.resumed(cursor, INCARNATION, true, List.of(released)).encode();
    }

    private static byte[] envelope(EnvelopeSeal sender, String from, long sequence, String payload) {
        RoundEnvelope envelope = new RoundEnvelope(session, from, "node-2", 1, Kind.DIRECT,
                payload.getBytes(StandardCharsets.UTF_8));
        return new ChannelFrame(ChannelFrame.Type.ENVELOPE, sequence, sender.sealBinary(envelope).encode()).encode();
    }

    private static void stream(HttpExchange exchange, byte[]... frames) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            for (byte[] frame : frames) {
                body.write(frame);
                body.flush();
            }
        }
    }

    private String nextPayload() throws InterruptedException {
        RoundEnvelope envelope = received.poll(20, TimeUnit.SECONDS);
        if (envelope == null) {
            throw new AssertionError("nothing delivered; failures: " + failures);
        }
        return new String(envelope.payload(), StandardCharsets.UTF_8);
    }

    private TransportFailure nextFailure() throws InterruptedException {
        TransportFailure failure = failures.poll(20, TimeUnit.SECONDS);
        if (failure == null) {
            throw new AssertionError("no failure reported");
        }
        return failure;
    }

    @Test
    void aDroppedConnectionResumesAfterTheLastFrameDelivered() throws Exception {
        connect((connection, exchange) -> {
            switch (connection) {
                case 0 -> stream(exchange, resumed(0), new ChannelFrame(ChannelFrame.Type.OPENED, 1, session).encode(),
                        envelope(nodeOne, "node-1", 2, "one"), envelope(nodeOne, "node-1", 3, "two"));
                case 1 -> stream(exchange, resumed(3), new ChannelFrame(ChannelFrame.Type.HEARTBEAT, 0, new byte[0]).encode(),
                        envelope(nodeOne, "node-1", 4, "three"));
                default -> exchange.sendResponseHeaders(503, -1);
            }
        });
        assertEquals(List.of("one", "two", "three"), List.of(nextPayload(), nextPayload(), nextPayload()));
        assertEquals(List.of("null", "3"), cursors.subList(0, 2));
        assertEquals(4, channel.lastSequence());
        assertNull(received.poll(200, TimeUnit.MILLISECONDS));
        assertTrue(failures.isEmpty(), () -> failures.toString());
    }

    @Test
    void aReaderReplacedBecauseThePeerMovedFailsItsSessionsAtOnceAndConnectsNoMore() throws Exception {
        // The one connection stays open, so no reconnect is in flight when the reader is replaced
        // (a stream that ended at once would race a reconnect against the replacement).
        CountDownLatch streaming = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        connect((connection, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write(resumed(0));
            body.write(new ChannelFrame(ChannelFrame.Type.OPENED, 1, session).encode());
            body.flush();
            streaming.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
            body.close();
        });
        try {
            assertTrue(streaming.await(20, TimeUnit.SECONDS), "the reader connects");
            channel.replaced("node-1 moved to http://127.0.0.1:9 in epoch 2");
            TransportFailure failure = nextFailure();
            assertEquals(new TransportFailure("node-1", TransportFailure.Reason.UNREACHABLE, failure.detail()), failure);
            assertTrue(failure.detail().contains("moved"), failure.detail());
            assertNull(failures.poll(300, TimeUnit.MILLISECONDS), "one failure per session");
            assertEquals(1, connections.get(), "a replaced reader does not connect again");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aReplayedFrameIsRefusedNamingThePeer() throws Exception {
        byte[] once = envelope(nodeOne, "node-1", 1, "one");
        connect((connection, exchange) -> stream(exchange, resumed(0), once, once));
        assertEquals("one", nextPayload());
        TransportFailure failure = nextFailure();
        assertEquals(new TransportFailure("node-1", TransportFailure.Reason.SEQUENCE_GAP, failure.detail()), failure);
        assertTrue(failure.detail().contains("replayed"), failure.detail());
        assertNull(received.poll(200, TimeUnit.MILLISECONDS), "the replay is not delivered");
    }

    @Test
    void aReorderedOrMissingFrameIsAFailureNamingThePeer() throws Exception {
        connect((connection, exchange) -> stream(exchange, resumed(0), envelope(nodeOne, "node-1", 2, "two"),
                envelope(nodeOne, "node-1", 1, "one")));
        TransportFailure failure = nextFailure();
        assertEquals(new TransportFailure("node-1", TransportFailure.Reason.SEQUENCE_GAP, failure.detail()), failure);
        assertTrue(failure.detail().contains("frames missing"), failure.detail());
        assertNull(received.poll(200, TimeUnit.MILLISECONDS), "nothing out of turn is delivered");
    }

    @Test
    void anEnvelopeOfAnotherSenderOnThePeersChannelBlamesThePeer() throws Exception {
        connect((connection, exchange) -> stream(exchange, resumed(0),
                envelope(nodeThree, "node-3", 1, "from node-3 on node-1's channel")), Duration.ofMinutes(1),
                Set.of("node-1", "node-3"));
        TransportFailure failure = nextFailure();
        assertEquals(new TransportFailure("node-1", TransportFailure.Reason.INVALID_ENVELOPE, failure.detail()), failure);
        assertTrue(failure.detail().contains("WRONG_SENDER"), failure.detail());
        assertEquals(EnvelopeRejectedException.Reason.WRONG_SENDER, refusals.poll(5, TimeUnit.SECONDS));
        assertTrue(received.isEmpty());
    }

    @Test
    void aPairSealedMessageReplayedInAFreshFrameIsRefusedNamingThePeer() throws Exception {
        PairedEnvelope once = new PairSeal(nodes.registry(), "node-1", nodes.identity("node-1"))
                .direction(session, "node-1", "node-2").seal(1, "one".getBytes(StandardCharsets.UTF_8));
        connect((connection, exchange) -> stream(exchange, resumed(0),
                new ChannelFrame(ChannelFrame.Type.PAIRED, 1, once.encode()).encode(),
                new ChannelFrame(ChannelFrame.Type.PAIRED, 2, once.encode()).encode()));
        assertEquals("one", nextPayload());
        TransportFailure failure = nextFailure();
        assertEquals(new TransportFailure("node-1", TransportFailure.Reason.INVALID_ENVELOPE, failure.detail()), failure);
        assertEquals(EnvelopeRejectedException.Reason.REPLAYED, refusals.poll(5, TimeUnit.SECONDS));
        assertNull(received.poll(200, TimeUnit.MILLISECONDS), "the replay is not delivered");
    }

    @Test
    void aDirectMessageSealedWithAnotherPairsKeyIsRefusedNamingThePeer() throws Exception {
        // node-3 cannot derive node-1's key with node-2: what it seals "as node-1" does not open
        PairedEnvelope forged = new PairSeal(nodes.registry(), "node-3", nodes.identity("node-3"))
                .direction(session, "node-3", "node-2").seal(1, "forged".getBytes(StandardCharsets.UTF_8));
        PairedEnvelope claimed = new PairedEnvelope(session, "node-1", "node-2", 1, 0, forged.ciphertext());
        connect((connection, exchange) -> stream(exchange, resumed(0),
                new ChannelFrame(ChannelFrame.Type.PAIRED, 1, claimed.encode()).encode()));
        TransportFailure failure = nextFailure();
        assertEquals(new TransportFailure("node-1", TransportFailure.Reason.INVALID_ENVELOPE, failure.detail()), failure);
        assertEquals(EnvelopeRejectedException.Reason.UNDECRYPTABLE, refusals.poll(5, TimeUnit.SECONDS));
        assertTrue(received.isEmpty());
    }

    @Test
    void anEnvelopeSignedByAnotherKeyIsRefusedAsForgedNamingThePeer() throws Exception {
        RoundEnvelope claimed = new RoundEnvelope(session, "node-1", "node-2", 1, Kind.DIRECT, new byte[]{1, 2, 3});
        SealedEnvelope forged = SealedEnvelope.fromWire(EnvelopeSeal.seal(claimed, nodes.identity("node-3"),
                PeerKeys.of(nodes.registry().node("node-2").orElseThrow())));
        connect((connection, exchange) -> stream(exchange, resumed(0),
                new ChannelFrame(ChannelFrame.Type.ENVELOPE, 1, forged.encode()).encode()));
        TransportFailure failure = nextFailure();
        assertEquals(new TransportFailure("node-1", TransportFailure.Reason.INVALID_ENVELOPE, failure.detail()), failure);
        assertEquals(EnvelopeRejectedException.Reason.BAD_SIGNATURE, refusals.poll(5, TimeUnit.SECONDS));
        assertTrue(received.isEmpty());
    }

    @Test
    void anAuthenticEnvelopeFromARegistryNodeOutsideThePartyIsRefusedAndCounted() throws Exception {
        connect((connection, exchange) -> stream(exchange, resumed(0),
                envelope(nodeThree, "node-3", 1, "node-3 is not in this party")));
        TransportFailure failure = nextFailure();
        assertEquals("node-1", failure.culprit());
        assertEquals(TransportFailure.Reason.INVALID_ENVELOPE, failure.reason());
        assertEquals(EnvelopeRejectedException.Reason.NOT_IN_PARTY, refusals.poll(5, TimeUnit.SECONDS));
        assertTrue(received.isEmpty());
    }

    /**
     * A peer announcing a frame far larger than any envelope (the review's endless line, in
     * binary): refused from its header, unread, as an invalid message naming the peer, not retried.
     */
    @Test
    void anOversizedFrameIsAnInvalidMessageNamingThePeerAndIsNotRead() throws Exception {
        byte[] header = ByteBuffer.allocate(ChannelFrame.HEADER_BYTES).put((byte) 2).putLong(1)
                .putInt(ChannelFrame.MAX_BODY_BYTES + 1).array();
        connect((connection, exchange) -> {
            try {
                stream(exchange, resumed(0), header, new byte[64 * 1024]);
            } catch (IOException readerHungUp) {
                // the reader cut the connection: what we want
            }
        });
        TransportFailure failure = nextFailure();
        assertEquals(new TransportFailure("node-1", TransportFailure.Reason.INVALID_ENVELOPE, failure.detail()), failure);
        assertTrue(failure.detail().contains("exceeds"), failure.detail());
        assertNull(failures.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(1, connections.get(), "an invalid stream is not retried while no session needs the peer");
    }

    @Test
    void aPermanentRefusalIsReportedOnceAndNotRetried() throws Exception {
        connect((connection, exchange) -> {
            byte[] body = "{\"detail\":\"node-2 is not a signing node\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
        });
        TransportFailure failure = nextFailure();
        assertEquals(new TransportFailure("node-1", TransportFailure.Reason.REFUSED, failure.detail()), failure);
        assertTrue(failure.detail().contains("403"), failure.detail());
        assertNull(failures.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(1, connections.get());
    }

    @Test
    void aSessionWhoseFramesThePeerReleasedFailsNamingThePeer() throws Exception {
        connect((connection, exchange) -> stream(exchange, resumed(0, session)));
        TransportFailure failure = nextFailure();
        assertEquals(new TransportFailure("node-1", TransportFailure.Reason.REFUSED, failure.detail()), failure);
        assertTrue(failure.detail().contains("closed the session"), failure.detail());
    }

    @Test
    void aPeerWhosePortRefusesEveryConnectionIsUnreachableWithinTheBudgetNotAtTheDeadline() throws Exception {
        // the deadline is a minute away; only the budget can report it within the wait below
        connect((connection, exchange) -> stream(exchange), Duration.ofMillis(300), Set.of("node-1"));
        server.stop(0);
        TransportFailure failure = nextFailure();
        assertEquals(new TransportFailure("node-1", TransportFailure.Reason.UNREACHABLE, failure.detail()), failure);
        assertTrue(failure.detail().contains("300 ms"), failure.detail());
    }

    @Test
    void aPeerThatAnswersEvenWithErrorsIsAliveAndIsNotDeclaredUnreachable() throws Exception {
        // 503 four times spans 100 + 200 + 400 + 800 ms of backoff, far beyond the 50 ms budget
        connect((connection, exchange) -> {
            if (connection < 4) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                stream(exchange, resumed(0), envelope(nodeOne, "node-1", 1, "finally"));
            }
        }, Duration.ofMillis(50), Set.of("node-1"));
        assertEquals("finally", nextPayload());
        assertTrue(failures.isEmpty(), () -> failures.toString());
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
