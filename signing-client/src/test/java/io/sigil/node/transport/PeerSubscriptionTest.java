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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.RoundEnvelope.Kind;
import io.sigil.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscription client against a scripted peer (the JDK's HTTP server playing node-1), so the
 * peer can misbehave in ways our own endpoint never would: repeats, gaps, forged envelopes.
 */
class PeerSubscriptionTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    @TempDir
    static Path directory;
    static TestNodes nodes;
    static byte[] session = new byte[32];
    static EnvelopeSeal nodeOne;
    static EnvelopeSeal nodeThree;

    private HttpServer server;
    private final List<String> lastEventIdHeaders = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final BlockingQueue<RoundEnvelope> received = new LinkedBlockingQueue<>();
    private final BlockingQueue<TransportFailure> failures = new LinkedBlockingQueue<>();

    /** What the scripted peer writes on its n-th connection (0-based). */
    private interface Script {
        void answer(int connection, HttpExchange exchange) throws IOException;
    }

    @BeforeAll
    static void network() throws IOException {
        nodes = TestNodes.create(directory, 3);
        new SecureRandom().nextBytes(session);
        nodeOne = new EnvelopeSeal(nodes.registry(), "node-1", nodes.identity("node-1"));
        nodeThree = new EnvelopeSeal(nodes.registry(), "node-3", nodes.identity("node-3"));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private final BlockingQueue<EnvelopeRejectedException.Reason> refusals = new LinkedBlockingQueue<>();

    private PeerSubscription subscribe(Script script) throws IOException {
        return subscribe(script, null, null);
    }

    private PeerSubscription subscribe(Script script, Duration reconnectBudget, Set<String> party) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/v1/subscribe/", exchange -> {
            lastEventIdHeaders.add(String.valueOf(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
            script.answer(connections.getAndIncrement(), exchange);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        PeerSubscription subscription = new PeerSubscription("node-1", base, session, HTTP, (builder, target, method, path, body) -> { },
                new EnvelopeSeal(nodes.registry(), "node-2", nodes.identity("node-2")), received::add, failures::add,
                Instant.now().plus(Duration.ofMinutes(1)), Duration.ofSeconds(10), Clock.systemUTC(), reconnectBudget, party,
                refusals::add);
        subscription.start();
        return subscription;
    }

    private static String envelope(EnvelopeSeal sender, String from, long id, String payload) {
        RoundEnvelope envelope = new RoundEnvelope(session, from, "node-2", 1, Kind.DIRECT,
                payload.getBytes(StandardCharsets.UTF_8));
        return "event: envelope\nid: " + id + "\ndata: " + Json.write(sender.seal(envelope)) + "\n\n";
    }

    private static void stream(HttpExchange exchange, String... events) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(("event: open\ndata: " + SessionTransports.key(session) + "\n\n").getBytes(StandardCharsets.UTF_8));
            for (String event : events) {
                body.write(event.getBytes(StandardCharsets.UTF_8));
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
    void aDroppedStreamResumesAfterTheLastDeliveredIdAndRepeatsAreNotDelivered() throws Exception {
        PeerSubscription subscription = subscribe((connection, exchange) -> {
            switch (connection) {
                case 0 -> stream(exchange, envelope(nodeOne, "node-1", 1, "one"), envelope(nodeOne, "node-1", 2, "two"));
                case 1 -> stream(exchange, ": heartbeat\n\n", envelope(nodeOne, "node-1", 2, "two again"),
                        envelope(nodeOne, "node-1", 3, "three"), "event: closed\ndata: x\n\n");
                default -> throw new AssertionError("no third connection expected");
            }
        });
        assertEquals(List.of("one", "two", "three"), List.of(nextPayload(), nextPayload(), nextPayload()));
        assertEquals(List.of("null", "2"), lastEventIdHeaders);
        subscription.close();
        assertNull(received.poll(200, TimeUnit.MILLISECONDS));
        assertTrue(failures.isEmpty(), () -> failures.toString());
        assertEquals(3, subscription.lastEventId());
    }

    @Test
    void aGapInEventIdsIsAFailureNamingThePeer() throws Exception {
        try (PeerSubscription ignored = subscribe((connection, exchange) -> stream(exchange,
                envelope(nodeOne, "node-1", 1, "one"), envelope(nodeOne, "node-1", 3, "three")))) {
            assertEquals("one", nextPayload());
            TransportFailure failure = nextFailure();
            assertEquals("node-1", failure.culprit());
            assertEquals(TransportFailure.Reason.SEQUENCE_GAP, failure.reason());
            assertNull(received.poll(200, TimeUnit.MILLISECONDS), "nothing after the gap is delivered");
        }
    }

    @Test
    void aForgedEnvelopeOnThePeersStreamBlamesThePeer() throws Exception {
        try (PeerSubscription ignored = subscribe((connection, exchange) -> stream(exchange,
                envelope(nodeThree, "node-3", 1, "from node-3 on node-1's stream")))) {
            TransportFailure failure = nextFailure();
            assertEquals("node-1", failure.culprit());
            assertEquals(TransportFailure.Reason.INVALID_ENVELOPE, failure.reason());
            assertTrue(failure.detail().contains("WRONG_SENDER"), failure.detail());
            assertTrue(received.isEmpty());
        }
    }

    /**
     * The review's attack: a peer answers the subscription with one endless {@code data:} line
     * (on main the JDK line reader buffered it whole: OutOfMemoryError in 3 s). The reader must
     * stop after a bounded amount, report an invalid message naming the peer, and not reconnect.
     */
    @Test
    void anEndlessLineFromThePeerIsAnInvalidMessageNamingItAndIsNotReadWhole() throws Exception {
        long cap = 64L << 20; // the scripted peer stops here, so the test ends even when the reader does not
        AtomicLong written = new AtomicLong();
        try (PeerSubscription ignored = subscribe((connection, exchange) -> {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("event: envelope\nid: 1\ndata: ".getBytes(StandardCharsets.US_ASCII));
                while (written.get() < cap) {
                    body.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException readerHungUp) {
                // the subscriber cut the connection: what we want
            }
        })) {
            TransportFailure failure = nextFailure();
            assertEquals("node-1", failure.culprit());
            assertEquals(TransportFailure.Reason.INVALID_ENVELOPE, failure.reason());
            assertTrue(failure.detail().contains("longer than"), failure.detail());
            assertTrue(received.isEmpty());
            assertTrue(written.get() < cap, "the subscriber read the whole " + written.get() + " bytes");
            assertEquals(1, connections.get(), "an invalid stream is not retried");
        }
    }

    @Test
    void aPermanentRefusalIsReportedOnceAndNotRetried() throws Exception {
        try (PeerSubscription subscription = subscribe((connection, exchange) -> {
            byte[] body = "{\"detail\":\"node-2 is not in the party\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
        })) {
            TransportFailure failure = nextFailure();
            assertEquals(new TransportFailure("node-1", TransportFailure.Reason.REFUSED, failure.detail()), failure);
            assertTrue(failure.detail().contains("403"), failure.detail());
            assertNull(failures.poll(300, TimeUnit.MILLISECONDS));
            assertEquals(1, connections.get());
        }
    }

    @Test
    void anAuthenticEnvelopeFromARegistryNodeOutsideThePartyIsRefusedAndCounted() throws Exception {
        try (PeerSubscription ignored = subscribe((connection, exchange) -> stream(exchange,
                envelope(nodeThree, "node-3", 1, "node-3 is not in this party")), null, Set.of("node-1"))) {
            TransportFailure failure = nextFailure();
            assertEquals("node-1", failure.culprit());
            assertEquals(TransportFailure.Reason.INVALID_ENVELOPE, failure.reason());
            assertEquals(EnvelopeRejectedException.Reason.NOT_IN_PARTY, refusals.poll(5, TimeUnit.SECONDS));
            assertTrue(received.isEmpty());
        }
    }

    @Test
    void aPeerWhosePortRefusesEveryConnectionIsUnreachableWithinTheBudgetNotAtTheDeadline() throws Exception {
        // the deadline is a minute away; only the budget can report it within the wait below
        PeerSubscription subscription = subscribe((connection, exchange) -> stream(exchange), Duration.ofMillis(300),
                Set.of("node-1"));
        server.stop(0);
        try (subscription) {
            TransportFailure failure = nextFailure();
            assertEquals(new TransportFailure("node-1", TransportFailure.Reason.UNREACHABLE, failure.detail()), failure);
            assertTrue(failure.detail().contains("300 ms"), failure.detail());
        }
    }

    @Test
    void aPeerThatAnswersEvenWithErrorsIsAliveAndIsNotDeclaredUnreachable() throws Exception {
        // 503 four times spans 100 + 200 + 400 + 800 ms of backoff, far beyond the 50 ms budget
        try (PeerSubscription ignored = subscribe((connection, exchange) -> {
            if (connection < 4) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                stream(exchange, envelope(nodeOne, "node-1", 1, "finally"));
            }
        }, Duration.ofMillis(50), Set.of("node-1"))) {
            assertEquals("finally", nextPayload());
            assertTrue(failures.isEmpty(), () -> failures.toString());
        }
    }
}
