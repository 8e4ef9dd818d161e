package io.sigil.node.transport;

import java.io.IOException;
import java.net.URI;
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
import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.node.faults.FaultInjection;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.envelope.SignedEnvelope;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * The open session transports of this node and the pair channels under them (docs/design.md §6): one {@link ChannelOutbox} per peer that this node serves
 * ({@code GET /v1/channel}) and one {@link PeerChannel} per peer that this node reads, each
 * carrying the frames of every session of the pair. Opening a session announces it on each party
 * peer's channel and registers a {@link SessionPart} with each peer's reader; closing it ends it
 * on the channels, which stay open for the next session.
 */
@Singleton
public final class SessionTransports implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    private static final int REMEMBERED_CLOSED_SESSIONS = 4096;
    private static final String ENVELOPE = "envelope";

    private final LocalNode local;
    private final SignedNodeClient client;
    private final TransportSettings settings;
    /** Seals and opens envelopes under the running registry's keys; rebuilt when an epoch change commits. */
    private final java.util.function.Supplier<EnvelopeSeal> seal;
    /** The pairwise keys of direct messages under the running registry's keys, likewise. */
    private final java.util.function.Supplier<PairSeal> pairSeal;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, SessionTransport> open = new HashMap<>();
    private final Map<String, Instant> recentlyClosed = new LinkedHashMap<>();
    private final PairChannels channels;
    private final Map<String, PeerChannel> readers = new ConcurrentHashMap<>();
    /** The longest an OPENED or CLOSED frame waits for a wake-up of its connection. */
    static final Duration LAZY_FRAMES_DELAY = Duration.ofMillis(200);
    private final ScheduledExecutorService scheduler;
    private final FaultCounters counters;
    private final FaultInjection faults;

    SessionTransports(LocalNode local, SignedNodeClient client, FaultCounters counters, FaultInjection faults,
                      @Value("${sigil.transport.outbox-capacity:1024}") int outboxCapacity,
                      @Value("${sigil.transport.channel-capacity:8192}") int channelCapacity,
                      @Value("${sigil.transport.pending-sessions:256}") int pendingSessions,
                      @Value("${sigil.transport.pending-ttl:30s}") Duration pendingTtl,
                      @Value("${sigil.transport.heartbeat:10s}") Duration heartbeat,
                      @Value("${sigil.transport.idle-timeout:30s}") Duration idleTimeout,
                      @Value("${sigil.transport.session-lifetime:10m}") Duration sessionLifetime,
                      @Value("${sigil.transport.reconnect-budget:2s}") Duration reconnectBudget) {
        this.local = local;
        this.client = client;
        this.counters = counters;
        this.faults = faults;
        if (reconnectBudget.isNegative() || reconnectBudget.isZero()) {
            throw new IllegalStateException("sigil.transport.reconnect-budget must be positive");
        }
        this.settings = new TransportSettings(outboxCapacity, channelCapacity, pendingSessions, pendingTtl, heartbeat,
                idleTimeout, sessionLifetime, reconnectBudget);
        this.channels = new PairChannels(outboxCapacity, channelCapacity);
        this.seal = local.derived(registry -> new EnvelopeSeal(registry, local.id(), local.identity()));
        this.pairSeal = local.derived(registry -> new PairSeal(registry, local.id(), local.identity()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("transport-timer")
                .factory());
        long tick = Math.max(100, Math.min(1000, heartbeat.toMillis()));
        scheduler.scheduleWithFixedDelay(() -> readers.values().forEach(PeerChannel::check), tick, tick,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(channels::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
        // OPENED and CLOSED frames wake no connection; on a busy pair they leave with the next
        // envelope, on a quiet one within this delay (docs/performance.md, "Transport CPU")
        scheduler.scheduleWithFixedDelay(channels::flushLazy, LAZY_FRAMES_DELAY.toMillis(),
                LAZY_FRAMES_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Limits of the transport, from {@code sigil.transport.*}. {@code outboxCapacity}: envelopes
     * of one session held for one peer; {@code channelCapacity}: frames held for one peer in all;
     * {@code pendingSessions} and {@code pendingTtl}: sessions a peer may announce before this node
     * opens them, and for how long; {@code reconnectBudget}: how long a party peer may refuse or
     * cut every connection before its sessions give up on it (a dead process), instead of waiting
     * for the stage deadline.
     */
    public record TransportSettings(int outboxCapacity, int channelCapacity, int pendingSessions, Duration pendingTtl,
                                    Duration heartbeat, Duration idleTimeout, Duration sessionLifetime,
                                    Duration reconnectBudget) {
    }

    /** The lower-case hex of a session id: the key of this table and of the channel's frames. */
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
     * Opens the session: it is announced on every party peer's channel, and what each peer sends
     * in it (or sent before this node opened it) reaches {@code inbound} on that peer's channel
     * thread, in order, exactly once; {@code failures} hears of a peer lost for good, once per
     * peer. Both consumers may be called before this method returns and from several threads at once.
     */
    public SessionTransport open(byte[] sessionId, Set<String> partyPeers, Consumer<RoundEnvelope> inbound,
                                 Consumer<TransportFailure> failures, Instant deadline) {
        if (sessionId.length != SignedEnvelope.SESSION_BYTES) {
            throw new IllegalArgumentException("a session id is " + SignedEnvelope.SESSION_BYTES + " bytes");
        }
        if (partyPeers.contains(local.id())) {
            throw new IllegalArgumentException("the party peers are the other members, not " + local.id());
        }
        Map<String, PeerChannel> peerChannels = new LinkedHashMap<>();
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
            peerChannels.put(peer, reader(peer, entry.url()));
        }
        String key = key(sessionId);
        Instant now = clock.instant();
        List<SessionPart> parts = new ArrayList<>();
        EnvelopeSeal envelopeSeal = seal.get();
        PairSeal pairs = pairSeal.get();
        for (String peer : partyPeers) {
            parts.add(new SessionPart(peer, sessionId, partyPeers, envelopeSeal, pairs, local.id(), inbound, failures,
                    reason -> counters.refused(ENVELOPE, reason.code()), now, deadline));
        }
        SessionTransport transport = new SessionTransport(sessionId, partyPeers, channels, envelopeSeal, pairs, faults,
                local.id(),
                () -> closed(key, sessionId, partyPeers, parts, peerChannels));
        synchronized (this) {
            if (open.containsKey(key) || recentlyClosed.containsKey(key)) {
                throw new IllegalStateException("session " + key + " is already open or was closed");
            }
            open.put(key, transport);
        }
        channels.opened(key, sessionId, partyPeers);
        for (SessionPart part : parts) {
            peerChannels.get(part.peer()).register(part);
        }
        return transport;
    }

    /**
     * This node's reader of {@code peer}'s channel at {@code url} (the running registry's): the
     * one it has, or a new one when there is none or the registry moved the peer (an epoch
     * change); a reader of the old URL then stops, failing the sessions still on it.
     */
    private PeerChannel reader(String peer, URI url) {
        PeerChannel[] replaced = new PeerChannel[1];
        PeerChannel reader = readers.compute(peer, (id, existing) -> {
            if (existing != null && existing.endpoint().equals(url.resolve(PeerChannel.PATH))) {
                return existing;
            }
            replaced[0] = existing;
            return new PeerChannel(id, url, client.http(), client::sign, clock, new PeerChannel.Limits(
                    settings.idleTimeout(), settings.reconnectBudget(), settings.pendingTtl(), settings.pendingSessions(),
                    settings.outboxCapacity()), reason -> counters.refused(ENVELOPE, reason.code()));
        });
        if (replaced[0] != null) {
            replaced[0].replaced(peer + " moved from " + replaced[0].endpoint() + " to " + url
                    + " in epoch " + local.registry().epoch());
        }
        return reader;
    }

    public synchronized Optional<SessionTransport> find(byte[] sessionId) {
        return Optional.ofNullable(open.get(key(sessionId)));
    }

    public synchronized int openSessions() {
        return open.size();
    }

    /** The channel of {@code subscriber} (an authenticated signing node) from {@code cursor} on. */
    ChannelStream stream(String subscriber, long cursor, byte[] incarnation) {
        return channels.stream(subscriber, cursor, incarnation);
    }

    /** Live connections this node serves, one per peer at most (tests). */
    int servedConnections() {
        return channels.connections().size();
    }

    /** This node's reader of {@code peer}'s channel, if it ever had a session with it (tests). */
    Optional<PeerChannel> reader(String peer) {
        return Optional.ofNullable(readers.get(peer));
    }

    /** Frames this node holds for {@code peer} (tests). */
    int retainedFrames(String peer) {
        return channels.retainedFrames(peer);
    }

    private void closed(String key, byte[] sessionId, Set<String> peers, List<SessionPart> parts,
                        Map<String, PeerChannel> peerChannels) {
        channels.closed(key, sessionId, peers);
        for (SessionPart part : parts) {
            peerChannels.get(part.peer()).unregister(part);
        }
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

    @PreDestroy
    @Override
    public void close() {
        List<SessionTransport> current;
        synchronized (this) {
            current = List.copyOf(open.values());
        }
        current.forEach(SessionTransport::close);
        readers.values().forEach(PeerChannel::stop);
        channels.close();
        scheduler.shutdownNow();
    }
}
