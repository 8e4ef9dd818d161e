package io.sigil.node.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.sigil.node.SigningClientApplication;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.wire.auth.NodeRequestSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three signing nodes in one JVM, each its own Micronaut context on a loopback port, talking
 * through the real channel endpoint; a fourth is registered but never runs (a peer that never reads).
 */
class TransportNetworkTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ONE = "node-1";
    private static final String TWO = "node-2";
    private static final String THREE = "node-3";
    private static final String FOUR = "node-4";
    @TempDir
    static Path directory;
    static TestNodes nodes;
    static final Map<String, ApplicationContext> contexts = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        nodes = TestNodes.create(directory, 4);
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
    void envelopesArriveInOrderEvenWhenPeersOpenTheSessionFirst() throws Exception {
        byte[] session = newSession();
        Inbound atOne = new Inbound();
        Inbound atTwo = new Inbound();
        Inbound atThree = new Inbound();
        // node-2 and node-3 open first: node-1 holds their frames until it opens the session
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

    /** The frames of {@code session} on a raw channel, up to and including the first of type {@code until}. */
    private static List<ChannelFrame> framesOf(RawChannel channel, byte[] session, ChannelFrame.Type until)
            throws InterruptedException {
        List<ChannelFrame> frames = new ArrayList<>();
        while (true) {
            ChannelFrame frame = channel.next();
            assertTrue(frame != RawChannel.END, "the channel ended");
            if (frame.type().numbered() && java.util.Arrays.equals(frame.session(), session)) {
                frames.add(frame);
                if (frame.type() == until) {
                    return frames;
                }
            }
        }
    }

    private static String text(PairSeal.Direction incoming, ChannelFrame frame) {
        try {
            return new String(incoming.open(PairedEnvelope.decode(frame.body()), ONE), StandardCharsets.UTF_8);
        } catch (EnvelopeRejectedException rejected) {
            throw new AssertionError(rejected.getMessage(), rejected);
        }
    }

    @Test
    void aReconnectWithTheLastFrameIdGetsExactlyTheMissingFrames() throws Exception {
        // read as node-4, which never runs: no reader of its own competes for (and acknowledges) the channel
        byte[] session = newSession();
        // direct messages travel pairwise-sealed: node-2's side of the session's direction opens them in order
        PairSeal.Direction incoming = new PairSeal(nodes.registry(), FOUR, nodes.identity(FOUR)).direction(session, ONE, FOUR);
        try (SessionTransport one = open(ONE, session, Set.of(FOUR), new Inbound())) {
            for (int i = 1; i <= 6; i++) {
                one.publish(new RoundEnvelope(session, ONE, FOUR, 1, Kind.DIRECT, text("event-" + i)));
            }
            ChannelFrame.Resumed first;
            List<ChannelFrame> firstPart = new ArrayList<>();
            try (RawChannel raw = RawChannel.open(url(ONE), ONE, FOUR, nodes.identity(FOUR), null, 0)) {
                assertEquals(200, raw.status, raw.errorBody);
                ChannelFrame resumed = raw.next();
                assertEquals(ChannelFrame.Type.RESUMED, resumed.type());
                first = resumed.resumed();
                firstPart.addAll(framesOf(raw, session, ChannelFrame.Type.OPENED));
                for (int i = 1; i <= 3; i++) {
                    ChannelFrame frame = framesOf(raw, session, ChannelFrame.Type.PAIRED).getLast();
                    assertEquals("event-" + i, text(incoming, frame));
                    firstPart.add(frame);
                }
            }
            for (int i = 7; i <= 8; i++) {
                one.publish(new RoundEnvelope(session, ONE, FOUR, 1, Kind.DIRECT, text("event-" + i)));
            }
            long cursor = firstPart.getLast().sequence();
            try (RawChannel resumed = RawChannel.open(url(ONE), ONE, FOUR, nodes.identity(FOUR), first.incarnation(),
                    cursor)) {
                assertEquals(200, resumed.status, resumed.errorBody);
                ChannelFrame start = resumed.next();
                assertEquals(ChannelFrame.Type.RESUMED, start.type());
                assertEquals(cursor, start.sequence());
                assertArrayEquals(first.incarnation(), start.resumed().incarnation());
                long previous = cursor;
                for (int expected = 4; expected <= 8; expected++) {
                    // frames of other sessions (earlier tests) may come between, or a SKIP over released ones
                    ChannelFrame frame = framesOf(resumed, session, ChannelFrame.Type.PAIRED).getLast();
                    assertTrue(frame.sequence() > previous, "every frame exactly once, in order");
                    previous = frame.sequence();
                    assertEquals("event-" + expected, text(incoming, frame));
                }
                one.close();
                ChannelFrame closed = framesOf(resumed, session, ChannelFrame.Type.CLOSED).getLast();
                assertArrayEquals(session, closed.session());
            }
            try (RawChannel late = RawChannel.open(url(ONE), ONE, FOUR, nodes.identity(FOUR), first.incarnation(),
                    cursor)) {
                ChannelFrame.Resumed resumed = late.next().resumed();
                assertTrue(resumed.released().stream().anyMatch(released -> java.util.Arrays.equals(released, session)),
                        "a resume from before the close learns that the closed session's frames are gone");
            }
            try (RawChannel beyond = RawChannel.open(url(ONE), ONE, FOUR, nodes.identity(FOUR), first.incarnation(),
                    1_000_000)) {
                assertEquals(400, beyond.status, "a cursor beyond what was sent");
            }
        }
    }

    @Test
    void aConnectionCutMidStreamResumesWithEveryFrameExactlyOnceInOrder() throws Exception {
        // read as node-4, which never runs: node-2's own reader of node-1 (still connected after an
        // earlier test, or holding this session's first frames) would replace this reader's connection
        // and acknowledge frames it never delivered
        byte[] session = newSession();
        Inbound atFour = new Inbound();
        try (SessionTransport one = open(ONE, session, Set.of(FOUR), new Inbound());
             CuttingProxy proxy = new CuttingProxy(nodes.ports().get(ONE))) {
            SignedNodeClient client = contexts.get(TWO).getBean(SignedNodeClient.class);
            PeerChannel channel = new PeerChannel(ONE, proxy.uri(), client.http(),
                    (builder, target, method, path, body) -> NodeRequestSignature.headers(nodes.identity(FOUR), FOUR,
                            target, method, path, body, System.currentTimeMillis()).forEach(builder::header),
                    Clock.systemUTC(),
                    new PeerChannel.Limits(Duration.ofSeconds(5), Duration.ofMinutes(1), Duration.ofMinutes(1), 16, 64),
                    reason -> { });
            Instant now = Instant.now();
            SessionPart part = new SessionPart(ONE, session, Set.of(ONE),
                    new EnvelopeSeal(nodes.registry(), FOUR, nodes.identity(FOUR)),
                    new PairSeal(nodes.registry(), FOUR, nodes.identity(FOUR)), FOUR, atFour.envelopes::add,
                    atFour.failures::add, reason -> { }, now, now.plus(Duration.ofMinutes(2)));
            channel.register(part);
            try {
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    sent.add("before-" + i);
                    one.publish(new RoundEnvelope(session, ONE, "", 1, Kind.BROADCAST, text(sent.getLast())));
                }
                assertEquals(sent.subList(0, 5), atFour.payloads(5));
                long beforeCut = channel.lastSequence();
                proxy.cutAll();
                for (int i = 0; i < 5; i++) {
                    sent.add("after-" + i);
                    one.publish(new RoundEnvelope(session, ONE, FOUR, 2, Kind.DIRECT, text(sent.getLast())));
                }
                assertEquals(sent.subList(5, 10), atFour.payloads(5));
                assertTrue(proxy.connections() >= 2, "the channel reconnected");
                assertEquals(beforeCut + 5, channel.lastSequence());
                assertEquals(10, part.delivered());
                assertNull(atFour.envelopes.poll(200, TimeUnit.MILLISECONDS), "no duplicate after the resume");
                assertTrue(atFour.failures.isEmpty(), () -> "no failure expected: " + atFour.failures);
            } finally {
                channel.stop();
            }
        }
    }

    @Test
    void twoConcurrentSessionsBetweenTheSamePairShareOneChannel() throws Exception {
        byte[] first = newSession();
        byte[] second = newSession();
        Inbound firstAtTwo = new Inbound();
        Inbound secondAtTwo = new Inbound();
        try (SessionTransport oneFirst = open(ONE, first, Set.of(TWO), new Inbound());
             SessionTransport oneSecond = open(ONE, second, Set.of(TWO), new Inbound());
             SessionTransport twoFirst = open(TWO, first, Set.of(ONE), firstAtTwo);
             SessionTransport twoSecond = open(TWO, second, Set.of(ONE), secondAtTwo)) {
            List<String> toFirst = new ArrayList<>();
            List<String> toSecond = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                toFirst.add("first-" + i);
                oneFirst.publish(new RoundEnvelope(first, ONE, TWO, 1, Kind.DIRECT, text(toFirst.getLast())));
                toSecond.add("second-" + i);
                oneSecond.publish(new RoundEnvelope(second, ONE, "", 1, Kind.BROADCAST, text(toSecond.getLast())));
            }
            assertEquals(toFirst, firstAtTwo.payloads(20));
            assertEquals(toSecond, secondAtTwo.payloads(20));
            assertEquals(1, servedTo(ONE, TWO), "one connection carries both sessions");
            assertTrue(firstAtTwo.failures.isEmpty() && secondAtTwo.failures.isEmpty(),
                    () -> "no failures expected: " + firstAtTwo.failures + secondAtTwo.failures);
        }
    }

    /** Live connections {@code server} serves to {@code reader}: 0 or 1. */
    private static long servedTo(String server, String reader) {
        PairChannels channels = channelsOf(server);
        return channels.connections().stream().filter(stream -> stream.subscriber().equals(reader)).count();
    }

    private static PairChannels channelsOf(String id) {
        try {
            java.lang.reflect.Field field = SessionTransports.class.getDeclaredField("channels");
            field.setAccessible(true);
            return (PairChannels) field.get(transports(id));
        } catch (ReflectiveOperationException impossible) {
            throw new AssertionError(impossible);
        }
    }

    @Test
    void connectionsDoNotGrowWithTheNumberOfSessions() throws Exception {
        for (int i = 0; i < 20; i++) {
            byte[] session = newSession();
            Inbound atOne = new Inbound();
            Inbound atTwo = new Inbound();
            Inbound atThree = new Inbound();
            try (SessionTransport one = open(ONE, session, Set.of(TWO, THREE), atOne);
                 SessionTransport two = open(TWO, session, Set.of(ONE, THREE), atTwo);
                 SessionTransport three = open(THREE, session, Set.of(ONE, TWO), atThree)) {
                one.publish(new RoundEnvelope(session, ONE, "", 1, Kind.BROADCAST, text("one-" + i)));
                two.publish(new RoundEnvelope(session, TWO, "", 1, Kind.BROADCAST, text("two-" + i)));
                three.publish(new RoundEnvelope(session, THREE, "", 1, Kind.BROADCAST, text("three-" + i)));
                assertEquals(Set.of("two-" + i, "three-" + i), Set.copyOf(atOne.payloads(2)));
                assertEquals(Set.of("one-" + i, "three-" + i), Set.copyOf(atTwo.payloads(2)));
                assertEquals(Set.of("one-" + i, "two-" + i), Set.copyOf(atThree.payloads(2)));
            }
        }
        for (String server : List.of(ONE, TWO, THREE)) {
            assertTrue(transports(server).servedConnections() <= 2,
                    server + " serves at most one connection per peer after 20 sessions, not one per session");
            for (String reader : List.of(ONE, TWO, THREE)) {
                if (!reader.equals(server)) {
                    assertTrue(servedTo(server, reader) <= 1);
                }
            }
        }
    }

    @Test
    void aFullChannelFailsThePublishNamingTheLaggingPeerAndDropsNothing() throws Exception {
        byte[] session = newSession();
        int capacity = transports(ONE).settings().outboxCapacity();
        // node-4 is registered but never runs: it reads nothing
        try (SessionTransport one = open(ONE, session, Set.of(TWO, FOUR), new Inbound())) {
            for (int i = 0; i < capacity; i++) {
                one.publish(new RoundEnvelope(session, ONE, FOUR, 1, Kind.DIRECT, text("queued-" + i)));
            }
            int before = transports(ONE).retainedFrames(TWO);
            OutboxOverflowException full = assertThrows(OutboxOverflowException.class,
                    () -> one.publish(new RoundEnvelope(session, ONE, "", 2, Kind.BROADCAST, text("one too many"))));
            assertEquals(FOUR, full.subscriber());
            assertTrue(full.getMessage().contains(FOUR), full.getMessage());
            assertEquals(before, transports(ONE).retainedFrames(TWO), "a refused broadcast reaches no peer at all");
            assertEquals(capacity + 1, transports(ONE).retainedFrames(FOUR), "nothing queued was dropped");
        }
    }

    @Test
    void unsignedForeignAndWrongRoleReadersAreRefusedAndAnOutsiderGetsNothingOfTheSession() throws Exception {
        byte[] session = newSession();
        try (SessionTransport one = open(ONE, session, Set.of(TWO), new Inbound())) {
            one.publish(new RoundEnvelope(session, ONE, "", 1, Kind.BROADCAST, text("for the party only")));
            try (RawChannel unsigned = RawChannel.open(url(ONE), ONE, TWO, null, null, 0)) {
                assertEquals(401, unsigned.status);
            }
            try (RawChannel impostor = RawChannel.open(url(ONE), ONE, TWO, nodes.identity(THREE), null, 0)) {
                assertEquals(401, impostor.status, "node-3's key cannot sign as node-2");
            }
            try (RawChannel leader = RawChannel.open(url(ONE), ONE, TestNodes.LEADER, nodes.identity(TestNodes.LEADER),
                    null, 0)) {
                assertEquals(403, leader.status);
            }
            try (RawChannel outsider = RawChannel.open(url(ONE), ONE, THREE, nodes.identity(THREE), null, 0)) {
                assertEquals(200, outsider.status, outsider.errorBody);
                ChannelFrame frame;
                // everything node-1 holds for node-3 comes before the first heartbeat (1 s in this test)
                while ((frame = outsider.poll(20_000)) != null && frame.type() != ChannelFrame.Type.HEARTBEAT) {
                    assertTrue(!frame.type().numbered() || !java.util.Arrays.equals(frame.session(), session),
                            "node-3 is not in the party and reads nothing of the session");
                }
                assertEquals(ChannelFrame.Type.HEARTBEAT, frame == null ? null : frame.type());
            }
            assertFalse(one.isClosed());
        }
    }

    @Test
    void aSessionThatNeverOpensOnThePeerIsReportedAsRefused() throws Exception {
        byte[] session = newSession();
        Inbound atTwo = new Inbound();
        // node-2 opens; node-1 never does: node-2 waits the pending TTL (2 s here) for node-1's announcement
        try (SessionTransport two = open(TWO, session, Set.of(ONE), atTwo)) {
            TransportFailure failure = atTwo.failures.poll(20, TimeUnit.SECONDS);
            assertEquals(new TransportFailure(ONE, TransportFailure.Reason.REFUSED, failure.detail()), failure);
            assertTrue(failure.detail().contains("did not open"), failure.detail());
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
            assertTrue(failure.detail().contains("did not open"), failure.detail());
        }
    }

    @Test
    void aSessionThePeerClosedBeforeThisNodeOpenedItFailsAtOnceNamingThePeer() throws Exception {
        byte[] session = newSession();
        Inbound atTwo = new Inbound();
        SessionTransport one = open(ONE, session, Set.of(TWO), new Inbound());
        one.publish(new RoundEnvelope(session, ONE, "", 1, Kind.BROADCAST, text("early")));
        one.close();
        // a session of node-2 with node-1 keeps node-2 reading node-1's channel: it takes the close
        try (SessionTransport keepsTheChannelOpen = open(TWO, newSession(), Set.of(ONE), new Inbound())) {
            waitUntil(() -> transports(TWO).reader(ONE).map(PeerChannel::lastSequence).orElse(-1L)
                    == channelsOf(ONE).lastSequence(TWO));
            try (SessionTransport two = open(TWO, session, Set.of(ONE), atTwo)) {
                TransportFailure failure = atTwo.failures.poll(20, TimeUnit.SECONDS);
                assertEquals(new TransportFailure(ONE, TransportFailure.Reason.REFUSED, failure.detail()), failure);
                assertTrue(failure.detail().contains("closed the session"), failure.detail());
            }
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 20 s");
            Thread.sleep(10);
        }
    }
}
