package io.sigil.node.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.crypto.dkls23.RoundEnvelope.Kind;
import io.sigil.json.Json;
import io.sigil.node.SigningClientApplication;
import io.sigil.wire.sse.SseParser.SseEvent;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.wire.envelope.SignedEnvelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three signing nodes in one JVM, each its own Micronaut context on a loopback port, talking
 * through the real subscribe endpoint.
 */
class TransportNetworkTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ONE = "node-1";
    private static final String TWO = "node-2";
    private static final String THREE = "node-3";
    @TempDir
    static Path directory;
    static TestNodes nodes;
    static final Map<String, ApplicationContext> contexts = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        nodes = TestNodes.create(directory, 3);
        for (String id : List.of(ONE, TWO, THREE)) {
            contexts.put(id, ApplicationContext.builder()
                    .deduceEnvironment(false)
                    .environments(SigningClientApplication.ENVIRONMENT)
                    .properties(Map.of(
                            "sigil.node-id", id,
                            "sigil.registry", nodes.registryFile().toString(),
                            "sigil.data-dir", nodes.dataDirectory(id).toString(),
                            "sigil.store.kek-keyset", nodes.storeKeyFile(id).toString(),
                            "sigil.transport.pending-ttl", "2s",
                            "sigil.transport.heartbeat", "1s",
                            "sigil.transport.idle-timeout", "5s",
                            "micronaut.server.port", nodes.ports().get(id),
                            "micronaut.server.host", "127.0.0.1"))
                    .start());
            contexts.get(id).getBean(EmbeddedServer.class).start();
        }
    }

    @AfterAll
    static void stop() {
        contexts.values().forEach(ApplicationContext::close);
    }

    private static SessionTransports transports(String id) {
        return contexts.get(id).getBean(SessionTransports.class);
    }

    private static URI url(String id) {
        return nodes.registry().node(id).orElseThrow().url();
    }

    private static byte[] newSession() {
        byte[] session = new byte[32];
        RANDOM.nextBytes(session);
        return session;
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Collects what one node receives in one session. */
    private static final class Inbound {
        final BlockingQueue<RoundEnvelope> envelopes = new LinkedBlockingQueue<>();
        final BlockingQueue<TransportFailure> failures = new LinkedBlockingQueue<>();

        RoundEnvelope next() throws InterruptedException {
            RoundEnvelope envelope = envelopes.poll(20, TimeUnit.SECONDS);
            if (envelope == null) {
                throw new AssertionError("no envelope arrived; failures: " + failures);
            }
            return envelope;
        }

        List<String> payloads(int count) throws InterruptedException {
            List<String> received = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                received.add(new String(next().payload(), StandardCharsets.UTF_8));
            }
            return received;
        }
    }

    private static SessionTransport open(String id, byte[] session, Set<String> peers, Inbound inbound) {
        return transports(id).open(session, peers, inbound.envelopes::add, inbound.failures::add);
    }

    @Test
    void envelopesArriveInOrderEvenWhenPeersSubscribeBeforeTheSessionOpens() throws Exception {
        byte[] session = newSession();
        Inbound atOne = new Inbound();
        Inbound atTwo = new Inbound();
        Inbound atThree = new Inbound();
        // node-2 and node-3 open first: their subscriptions to node-1 wait on node-1 as pending
        try (SessionTransport two = open(TWO, session, Set.of(ONE, THREE), atTwo);
             SessionTransport three = open(THREE, session, Set.of(ONE, TWO), atThree)) {
            two.publish(new RoundEnvelope(session, TWO, "", 1, Kind.BROADCAST, text("two-says-hello")));
            two.publish(new RoundEnvelope(session, TWO, ONE, 1, Kind.DIRECT, text("two-to-one")));
            try (SessionTransport one = open(ONE, session, Set.of(TWO, THREE), atOne)) {
                List<String> sentToTwo = new ArrayList<>();
                List<String> sentToThree = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    String all = "broadcast-" + i;
                    one.publish(new RoundEnvelope(session, ONE, "", 1, Kind.BROADCAST, text(all)));
                    sentToTwo.add(all);
                    sentToThree.add(all);
                    String direct = "direct-" + i;
                    String recipient = i % 2 == 0 ? TWO : THREE;
                    one.publish(new RoundEnvelope(session, ONE, recipient, 2, Kind.DIRECT, text(direct)));
                    (recipient.equals(TWO) ? sentToTwo : sentToThree).add(direct);
                }
                assertEquals(sentToTwo, atTwo.payloads(sentToTwo.size()));
                assertEquals(sentToThree, atThree.payloads(sentToThree.size() + 1).stream()
                        .filter(payload -> !payload.equals("two-says-hello")).toList());
                assertEquals(List.of("two-says-hello", "two-to-one"), atOne.payloads(2));
            }
        }
        assertNull(atTwo.envelopes.poll(200, TimeUnit.MILLISECONDS), "nothing beyond what was sent");
        assertTrue(atOne.failures.isEmpty() && atTwo.failures.isEmpty() && atThree.failures.isEmpty(),
                () -> "no failures expected: " + atOne.failures + atTwo.failures + atThree.failures);
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheMissingEvents() throws Exception {
        byte[] session = newSession();
        String key = SessionTransports.key(session);
        try (SessionTransport one = open(ONE, session, Set.of(TWO), new Inbound())) {
            for (int i = 1; i <= 6; i++) {
                one.publish(new RoundEnvelope(session, ONE, TWO, 1, Kind.DIRECT, text("event-" + i)));
            }
            List<SseEvent> firstPart = new ArrayList<>();
            try (RawSubscriber first = RawSubscriber.open(url(ONE), ONE, key, TWO, nodes.identity(TWO), 0)) {
                assertEquals(200, first.status, first.errorBody);
                assertEquals("open", first.next().name());
                for (int i = 0; i < 3; i++) {
                    firstPart.add(first.next());
                }
            }
            assertEquals(List.of("1", "2", "3"), firstPart.stream().map(SseEvent::id).toList());
            for (int i = 7; i <= 8; i++) {
                one.publish(new RoundEnvelope(session, ONE, TWO, 1, Kind.DIRECT, text("event-" + i)));
            }
            try (RawSubscriber resumed = RawSubscriber.open(url(ONE), ONE, key, TWO, nodes.identity(TWO), 3)) {
                assertEquals(200, resumed.status, resumed.errorBody);
                assertEquals("open", resumed.next().name());
                EnvelopeSeal seal = new EnvelopeSeal(nodes.registry(), TWO, nodes.identity(TWO));
                for (int expected = 4; expected <= 8; expected++) {
                    SseEvent event = resumed.next();
                    assertEquals("envelope", event.name());
                    assertEquals(Long.toString(expected), event.id());
                    RoundEnvelope opened = seal.open(Json.read(event.data(), SignedEnvelope.class), ONE, session);
                    assertEquals("event-" + expected, new String(opened.payload(), StandardCharsets.UTF_8));
                }
                one.close();
                assertEquals("closed", resumed.next().name());
                assertEquals(RawSubscriber.END, resumed.next());
            }
            try (RawSubscriber beyond = RawSubscriber.open(url(ONE), ONE, key, TWO, nodes.identity(TWO), 0)) {
                assertEquals(404, beyond.status, "a closed session is gone");
            }
        }
    }

    @Test
    void aSubscriptionCutMidStreamResumesWithoutLossOrDuplicate() throws Exception {
        byte[] session = newSession();
        Inbound atTwo = new Inbound();
        try (SessionTransport one = open(ONE, session, Set.of(TWO), new Inbound());
             CuttingProxy proxy = new CuttingProxy(nodes.ports().get(ONE))) {
            SignedNodeClient client = contexts.get(TWO).getBean(SignedNodeClient.class);
            PeerSubscription subscription = new PeerSubscription(ONE, proxy.uri(), session, client.http(), client::sign,
                    new EnvelopeSeal(nodes.registry(), TWO, nodes.identity(TWO)), atTwo.envelopes::add,
                    atTwo.failures::add, Instant.now().plus(Duration.ofMinutes(2)), Duration.ofSeconds(5),
                    Clock.systemUTC());
            subscription.start();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                sent.add("before-" + i);
                one.publish(new RoundEnvelope(session, ONE, "", 1, Kind.BROADCAST, text(sent.getLast())));
            }
            assertEquals(sent.subList(0, 5), atTwo.payloads(5));
            proxy.cutAll();
            for (int i = 0; i < 5; i++) {
                sent.add("after-" + i);
                one.publish(new RoundEnvelope(session, ONE, TWO, 2, Kind.DIRECT, text(sent.getLast())));
            }
            assertEquals(sent.subList(5, 10), atTwo.payloads(5));
            assertTrue(proxy.connections() >= 2, "the subscription reconnected");
            assertEquals(10, subscription.lastEventId());
            one.close();
            subscription.close();
            assertNull(atTwo.envelopes.poll(200, TimeUnit.MILLISECONDS), "no duplicate after the resume");
            assertTrue(atTwo.failures.isEmpty(), () -> "no failure expected: " + atTwo.failures);
        }
    }

    @Test
    void unsignedForeignAndWrongRoleSubscribersAreRefused() throws Exception {
        byte[] session = newSession();
        String key = SessionTransports.key(session);
        try (SessionTransport one = open(ONE, session, Set.of(TWO), new Inbound())) {
            try (RawSubscriber unsigned = RawSubscriber.open(url(ONE), ONE, key, TWO, null, 0)) {
                assertEquals(401, unsigned.status);
            }
            try (RawSubscriber impostor = RawSubscriber.open(url(ONE), ONE, key, TWO, nodes.identity(THREE), 0)) {
                assertEquals(401, impostor.status, "node-3's key cannot sign as node-2");
            }
            try (RawSubscriber outsider = RawSubscriber.open(url(ONE), ONE, key, THREE, nodes.identity(THREE), 0)) {
                assertEquals(403, outsider.status);
                assertTrue(outsider.errorBody.contains("not in the party"), outsider.errorBody);
            }
            try (RawSubscriber leader = RawSubscriber.open(url(ONE), ONE, key, TestNodes.LEADER,
                    nodes.identity(TestNodes.LEADER), 0)) {
                assertEquals(403, leader.status);
            }
            try (RawSubscriber malformed = RawSubscriber.open(url(ONE), ONE, "abcd", TWO, nodes.identity(TWO), 0)) {
                assertEquals(400, malformed.status);
            }
            try (RawSubscriber ahead = RawSubscriber.open(url(ONE), ONE, key, TWO, nodes.identity(TWO), 5)) {
                assertEquals(400, ahead.status, "Last-Event-ID beyond what was sent");
            }
            assertFalse(one.isClosed());
        }
    }

    @Test
    void aPendingSubscriberOutsideThePartyIsRefusedWhenTheSessionOpens() throws Exception {
        byte[] session = newSession();
        String key = SessionTransports.key(session);
        try (RawSubscriber early = RawSubscriber.open(url(ONE), ONE, key, THREE, nodes.identity(THREE), 0)) {
            assertEquals(200, early.status);
            assertEquals("open", early.next().name());
            try (SessionTransport one = open(ONE, session, Set.of(TWO), new Inbound())) {
                SseEvent refusal = early.next();
                assertEquals("refused", refusal.name());
                assertTrue(refusal.data().contains("not in the party"), refusal.data());
                assertEquals(RawSubscriber.END, early.next());
                assertFalse(one.isClosed());
            }
        }
    }

    @Test
    void aSessionThatNeverOpensExpiresItsPendingSubscribers() throws Exception {
        byte[] session = newSession();
        Inbound atTwo = new Inbound();
        // node-2 opens; node-1 never does: node-2's subscription is held pending, then refused at the TTL
        try (SessionTransport two = open(TWO, session, Set.of(ONE), atTwo)) {
            TransportFailure failure = atTwo.failures.poll(20, TimeUnit.SECONDS);
            assertEquals(new TransportFailure(ONE, TransportFailure.Reason.REFUSED, failure.detail()), failure);
            assertTrue(failure.detail().contains("did not open"), failure.detail());
            assertEquals(0, transports(ONE).pendingSessions());
        }
    }

    @Test
    void aWaitingSubscriberHearsHeartbeatsAndIsRefusedWhenTheSessionNeverOpens() throws Exception {
        String key = SessionTransports.key(newSession());
        try (RawSubscriber waiting = RawSubscriber.open(url(ONE), ONE, key, TWO, nodes.identity(TWO), 0)) {
            assertEquals(200, waiting.status);
            assertEquals("open", waiting.next().name());
            SseEvent refusal = waiting.next();
            assertEquals("refused", refusal.name());
            assertTrue(refusal.data().contains("did not open"), refusal.data());
            assertEquals(RawSubscriber.END, waiting.next());
            // heartbeats every second (test setting) while the pending session waited its two seconds
            assertTrue(waiting.comments.contains(": heartbeat"), () -> "comments: " + waiting.comments);
        }
    }

    @Test
    void aPeerThatLeavesThisNodeOutOfItsPartyIsReportedAsRefusing() throws Exception {
        byte[] session = newSession();
        Inbound atTwo = new Inbound();
        try (SessionTransport one = open(ONE, session, Set.of(THREE), new Inbound());
             SessionTransport two = open(TWO, session, Set.of(ONE), atTwo)) {
            TransportFailure failure = atTwo.failures.poll(20, TimeUnit.SECONDS);
            assertEquals(new TransportFailure(ONE, TransportFailure.Reason.REFUSED, failure.detail()), failure);
            assertTrue(failure.detail().contains("403"), failure.detail());
        }
    }
}
