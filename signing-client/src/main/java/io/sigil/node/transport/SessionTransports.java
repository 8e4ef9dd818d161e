package io.sigil.node.transport;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.sse.Event;
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.node.faults.FaultInjection;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.node.LocalNode;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.envelope.SignedEnvelope;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;

/**
 * The open session transports of this node, and the subscribe side of each: who may read which
 * outbox. A peer may subscribe before this node has opened the session (it received its
 * {@code new_party} first); such a subscription is held open after its {@code open} event in a
 * bounded table of pending sessions and is attached when the session opens — or refused, when
 * the subscriber turns out not to be in the party or the session never opens within the TTL.
 * Recently closed sessions are remembered so a late subscriber gets a clear 404 at once.
 */
@Singleton
public final class SessionTransports implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    private static final int REMEMBERED_CLOSED_SESSIONS = 4096;
    private static final String ENVELOPE = "envelope";
    private static final String SUBSCRIPTION = "subscription";

    private final LocalNode local;
    private final SignedNodeClient client;
    private final TransportSettings settings;
    /** Seals and opens envelopes under the running registry's keys; rebuilt when an epoch change commits. */
    private final java.util.function.Supplier<EnvelopeSeal> seal;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, SessionTransport> open = new HashMap<>();
    private final Map<String, PendingSession> pending = new HashMap<>();
    private final Map<String, Instant> recentlyClosed = new LinkedHashMap<>();
    private final Set<SubscriberStream> streams = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private final FaultCounters counters;
    private final FaultInjection faults;
    /** One registered node may hold at most this many of our event streams open at once. */
    private final int maxStreamsPerSubscriber;

    SessionTransports(LocalNode local, SignedNodeClient client, FaultCounters counters, FaultInjection faults,
                      @Value("${sigil.transport.outbox-capacity:1024}") int outboxCapacity,
                      @Value("${sigil.transport.pending-sessions:256}") int pendingSessions,
                      @Value("${sigil.transport.pending-subscribers:32}") int pendingSubscribers,
                      @Value("${sigil.transport.pending-ttl:30s}") Duration pendingTtl,
                      @Value("${sigil.transport.heartbeat:10s}") Duration heartbeat,
                      @Value("${sigil.transport.idle-timeout:30s}") Duration idleTimeout,
                      @Value("${sigil.transport.session-lifetime:10m}") Duration sessionLifetime,
                      @Value("${sigil.transport.reconnect-budget:2s}") Duration reconnectBudget,
                      @Value("${sigil.transport.max-streams-per-subscriber:256}") int maxStreamsPerSubscriber) {
        this.maxStreamsPerSubscriber = maxStreamsPerSubscriber;
        this.local = local;
        this.client = client;
        this.counters = counters;
        this.faults = faults;
        if (reconnectBudget.isNegative() || reconnectBudget.isZero()) {
            throw new IllegalStateException("sigil.transport.reconnect-budget must be positive");
        }
        this.settings = new TransportSettings(outboxCapacity, pendingSessions, pendingSubscribers, pendingTtl,
                heartbeat, idleTimeout, sessionLifetime, reconnectBudget);
        this.seal = local.derived(registry -> new EnvelopeSeal(registry, local.id(), local.identity()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("transport-timer")
                .factory());
        long tick = Math.max(100, Math.min(1000, heartbeat.toMillis()));
        scheduler.scheduleWithFixedDelay(this::expirePending, tick, tick, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::checkSubscriptions, tick, tick, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> streams.forEach(SubscriberStream::heartbeat),
                heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Limits of the transport, from {@code sigil.transport.*}. {@code reconnectBudget}: how long a
     * party peer may refuse or cut every connection before the session gives up on it (a dead
     * process), instead of waiting for the stage deadline.
     */
    public record TransportSettings(int outboxCapacity, int pendingSessions, int pendingSubscribers,
                                    Duration pendingTtl, Duration heartbeat, Duration idleTimeout,
                                    Duration sessionLifetime, Duration reconnectBudget) {
    }

    private record PendingSession(Instant expires, List<SubscriberStream> waiting) {
    }

    /** The lower-case hex of a session id: the key of the subscribe path and of this table. */
    public static String key(byte[] sessionId) {
        return HEX.formatHex(sessionId);
    }

    public TransportSettings settings() {
        return settings;
    }

    /** {@link #open(byte[], Set, Consumer, Consumer, Instant)} with the configured session lifetime. */
    public SessionTransport open(byte[] sessionId, Set<String> partyPeers, Consumer<RoundEnvelope> inbound,
                                 Consumer<TransportFailure> failures) {
        return open(sessionId, partyPeers, inbound, failures, clock.instant().plus(settings.sessionLifetime()));
    }

    /**
     * Opens the session: its outbox starts serving the party peers (pending subscribers among
     * them are attached, others refused), and this node subscribes to every peer's stream until
     * close or {@code deadline}. Each peer's envelopes reach {@code inbound} on that peer's own
     * virtual thread, in order, exactly once; {@code failures} hears of a peer lost for good.
     * Both consumers may be called before this method returns and from several threads at once.
     */
    public SessionTransport open(byte[] sessionId, Set<String> partyPeers, Consumer<RoundEnvelope> inbound,
                                 Consumer<TransportFailure> failures, Instant deadline) {
        if (sessionId.length != SignedEnvelope.SESSION_BYTES) {
            throw new IllegalArgumentException("a session id is " + SignedEnvelope.SESSION_BYTES + " bytes");
        }
        if (partyPeers.contains(local.id())) {
            throw new IllegalArgumentException("the party peers are the other members, not " + local.id());
        }
        List<PeerSubscription> subscriptions = new ArrayList<>();
        for (String peer : partyPeers) {
            NodeEntry entry = local.registry().node(peer).orElseThrow(() ->
                    new IllegalArgumentException("party peer " + peer + " is not in the registry"));
            if (!entry.hasRole(Role.SIGNING_CLIENT)) {
                throw new IllegalArgumentException("party peer " + peer + " is not a signing node");
            }
            try {
                client.requireSecure(entry.url());
            } catch (IOException plainHttp) {
                throw new IllegalArgumentException("party peer " + peer + ": " + plainHttp.getMessage(), plainHttp);
            }
            subscriptions.add(new PeerSubscription(peer, entry.url(), sessionId, client.http(), client::sign, seal.get(),
                    inbound, failures, deadline, settings.idleTimeout(), clock, settings.reconnectBudget(), partyPeers,
                    reason -> counters.refused(ENVELOPE, reason.code())));
        }
        String key = key(sessionId);
        Outbox outbox = new Outbox(partyPeers, settings.outboxCapacity());
        SessionTransport transport = new SessionTransport(sessionId, partyPeers, outbox, seal.get(), subscriptions,
                () -> closed(key), faults, local.id());
        PendingSession waiting;
        synchronized (this) {
            if (open.containsKey(key) || recentlyClosed.containsKey(key)) {
                throw new IllegalStateException("session " + key + " is already open or was closed");
            }
            open.put(key, transport);
            waiting = pending.remove(key);
        }
        if (waiting != null) {
            for (SubscriberStream stream : waiting.waiting()) {
                if (partyPeers.contains(stream.subscriber())) {
                    stream.attach(outbox);
                } else {
                    counters.refused(SUBSCRIPTION, "not-in-party");
                    stream.refuse(stream.subscriber() + " is not in the party of session " + key);
                }
            }
        }
        subscriptions.forEach(PeerSubscription::start);
        return transport;
    }

    public synchronized Optional<SessionTransport> find(byte[] sessionId) {
        return Optional.ofNullable(open.get(key(sessionId)));
    }

    public synchronized int openSessions() {
        return open.size();
    }

    synchronized int pendingSessions() {
        return pending.size();
    }

    /**
     * The event stream of session {@code key} for the authenticated node {@code subscriber},
     * resuming after {@code lastEventId}. Refusals known now are thrown as problems (403 not in
     * the party, 404 closed, 503 too many pending sessions or too many streams held by this
     * subscriber); later ones end the stream with a
     * {@code refused} event.
     */
    Flux<Event<String>> subscribe(String key, String subscriber, long lastEventId) {
        synchronized (this) {
            SessionTransport transport = open.get(key);
            if (transport != null && !transport.peers().contains(subscriber)) {
                counters.refused(SUBSCRIPTION, "not-in-party");
                throw ApiProblemException.forbidden(subscriber + " is not in the party of session " + key);
            }
            if (transport != null && lastEventId > transport.outbox().lastEventId(subscriber)) {
                counters.refused(SUBSCRIPTION, "bad-last-event-id");
                throw ApiProblemException.badRequest("Last-Event-ID " + lastEventId + " is beyond the last event "
                        + "this node sent to " + subscriber);
            }
            if (transport == null && recentlyClosed.containsKey(key)) {
                counters.refused(SUBSCRIPTION, "session-closed");
                throw ApiProblemException.notFound("session " + key + " is closed on this node");
            }
            if (transport == null && lastEventId > 0) {
                counters.refused(SUBSCRIPTION, "bad-last-event-id");
                throw ApiProblemException.badRequest("Last-Event-ID " + lastEventId + " for a session this node has "
                        + "not opened");
            }
            PendingSession waiting = pending.get(key);
            if (transport == null && waiting == null && pending.size() >= settings.pendingSessions()) {
                counters.refused(SUBSCRIPTION, "too-many-pending");
                throw ApiProblemException.unavailable("this node holds " + settings.pendingSessions()
                        + " subscriptions to sessions it has not opened yet; retry shortly");
            }
            long held = streams.stream().filter(stream -> stream.subscriber().equals(subscriber)).count();
            if (held >= maxStreamsPerSubscriber) {
                // a peer's honest streams are one per running session: more is a peer holding connections open
                counters.refused(SUBSCRIPTION, "too-many-streams");
                throw ApiProblemException.retryLater(subscriber + " already holds " + held
                        + " event streams of this node", 1);
            }
            if (transport == null && waiting != null && waiting.waiting().size() >= settings.pendingSubscribers()) {
                counters.refused(SUBSCRIPTION, "too-many-pending");
                throw ApiProblemException.unavailable("session " + key + " already has "
                        + settings.pendingSubscribers() + " subscribers waiting for it to open");
            }
        }
        SubscriberStream stream = new SubscriberStream(key, subscriber, lastEventId);
        return stream.flux(() -> register(key, stream), () -> unregister(key, stream));
    }

    /** Attaches a just-subscribed stream to its session, or parks it as pending. */
    private void register(String key, SubscriberStream stream) {
        streams.add(stream);
        Outbox outbox = null;
        String refusal = null;
        synchronized (this) {
            SessionTransport transport = open.get(key);
            if (transport != null) {
                outbox = transport.outbox();
            } else if (recentlyClosed.containsKey(key)) {
                refusal = "session " + key + " closed on this node";
            } else {
                pending.computeIfAbsent(key, ignored -> new PendingSession(clock.instant().plus(settings.pendingTtl()),
                        new ArrayList<>())).waiting().add(stream);
            }
        }
        if (outbox != null) {
            stream.attach(outbox);
        } else if (refusal != null) {
            counters.refused(SUBSCRIPTION, "session-closed");
            stream.refuse(refusal);
        }
    }

    private void unregister(String key, SubscriberStream stream) {
        streams.remove(stream);
        synchronized (this) {
            PendingSession waiting = pending.get(key);
            if (waiting != null) {
                waiting.waiting().remove(stream);
                if (waiting.waiting().isEmpty()) {
                    pending.remove(key);
                }
            }
        }
    }

    private void closed(String key) {
        synchronized (this) {
            open.remove(key);
            recentlyClosed.put(key, clock.instant());
            if (recentlyClosed.size() > REMEMBERED_CLOSED_SESSIONS) {
                Iterator<String> oldest = recentlyClosed.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
    }

    private void expirePending() {
        List<SubscriberStream> expired = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (this) {
            pending.values().removeIf(session -> {
                if (session.expires().isAfter(now)) {
                    return false;
                }
                expired.addAll(session.waiting());
                return true;
            });
        }
        expired.forEach(stream -> counters.refused(SUBSCRIPTION, "session-not-opened"));
        expired.forEach(stream -> stream.refuse("the session did not open on this node within "
                + settings.pendingTtl().toSeconds() + " s"));
    }

    private void checkSubscriptions() {
        List<SessionTransport> current;
        synchronized (this) {
            current = List.copyOf(open.values());
        }
        for (SessionTransport transport : current) {
            transport.subscriptions().forEach(PeerSubscription::checkIdle);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        List<SessionTransport> current;
        synchronized (this) {
            current = List.copyOf(open.values());
        }
        current.forEach(SessionTransport::close);
        scheduler.shutdownNow();
    }
}
