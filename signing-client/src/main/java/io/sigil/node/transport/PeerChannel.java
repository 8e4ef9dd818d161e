package io.sigil.node.transport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's end of the pair channel from one peer ({@code GET /v1/channel} on the peer, signed
 * by this node): one connection carrying the peer's frames of every session, read on one virtual
 * thread and handed to each session's {@link SessionPart} in the peer's order. A dropped
 * connection resumes after the last frame delivered ({@code Last-Event-ID} and the peer's
 * incarnation); a frame numbered out of turn (replayed, reordered, skipped) fails every session
 * with the peer naming it, as does a stream that is not frames. The connection stays open across
 * sessions; once it drops while no session needs the peer, the reader stops until the next one.
 *
 * <p>Frames of a session this node has not opened yet (the peer learned of it first) are held,
 * bounded, until it opens or {@code pendingTtl} passes; the peer's refusal to serve it (closed
 * before this node opened it, or its frames released) fails the session when it opens.
 */
final class PeerChannel {
    private static final Logger LOG = LoggerFactory.getLogger(PeerChannel.class);
    static final String PATH = "/v1/channel";
    static final String INCARNATION_HEADER = "Sigil-Channel-Incarnation";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final HexFormat HEX = HexFormat.of();
    private static final int REMEMBERED = 4096;

    /** Limits of one channel's reader, from {@code sigil.transport.*}. */
    record Limits(Duration idleTimeout, Duration reconnectBudget, Duration pendingTtl, int pendingSessions,
                  int pendingFrames) {
    }

    private record Held(Instant expires, List<ChannelFrame> envelopes, boolean[] opened) {
    }

    private final String peer;
    private final URI endpoint;
    private final HttpClient http;
    private final RequestSigner signer;
    private final Clock clock;
    private final Limits limits;
    private final Consumer<EnvelopeRejectedException.Reason> refusals;
    private final Object lock = new Object();
    private final Map<String, SessionPart> parts = new LinkedHashMap<>();
    private final Map<String, Held> held = new LinkedHashMap<>();
    private final Map<String, String> gone = new LinkedHashMap<>();
    private final Map<String, Boolean> closedHere = new LinkedHashMap<>();
    private byte[] incarnation;
    private long lastSequence;
    private boolean running;
    private volatile Thread reader;
    private volatile InputStream body;
    private volatile long lastActivity;
    private volatile boolean connected;
    private volatile Instant connectedSince;
    private volatile Instant unreachableSince;
    private volatile String lastProblem;
    private volatile boolean stopped;
    private boolean answered; // on the reader thread: the last connection got an HTTP answer

    /** Adds the node-request signature headers for the target node ({@code SignedNodeClient::sign} fits). */
    @FunctionalInterface
    interface RequestSigner {
        void sign(HttpRequest.Builder builder, String targetNodeId, String method, String pathAndQuery, byte[] body);
    }

    PeerChannel(String peer, URI peerBase, HttpClient http, RequestSigner signer, Clock clock, Limits limits,
                Consumer<EnvelopeRejectedException.Reason> refusals) {
        this.peer = peer;
        this.endpoint = peerBase.resolve(PATH);
        this.http = http;
        this.signer = signer;
        this.clock = clock;
        this.limits = limits;
        this.refusals = refusals;
    }

    String peer() {
        return peer;
    }

    long lastSequence() {
        synchronized (lock) {
            return lastSequence;
        }
    }

    boolean isConnected() {
        return connected;
    }

    /**
     * Adds {@code part} (a session just opened here): frames held for it are delivered now, in
     * order; a session the peer already refused fails at once; the reader starts if it had stopped.
     */
    void register(SessionPart part) {
        List<Runnable> report = new ArrayList<>();
        synchronized (lock) {
            String refusal = gone.remove(part.key());
            if (refusal != null) {
                report.add(() -> part.fail(TransportFailure.Reason.REFUSED, refusal));
            } else {
                parts.put(part.key(), part);
                Held waiting = held.remove(part.key());
                if (waiting != null) {
                    if (waiting.opened()[0]) {
                        part.peerOpened();
                    }
                    waiting.envelopes().forEach(frame -> report.add(part.deliver(frame)));
                }
            }
            if (!running && !stopped) {
                running = true;
                lastActivity = clock.millis();
                reader = Thread.ofVirtual().name("channel-" + peer).start(this::run);
            }
        }
        report.forEach(Runnable::run);
    }

    /** The session closed here: later frames of it are dropped. */
    void unregister(SessionPart part) {
        synchronized (lock) {
            if (parts.remove(part.key()) == part) {
                remember(closedHere, part.key(), Boolean.TRUE);
            }
        }
    }

    /**
     * Called periodically: cuts a connection silent past the idle timeout, reports sessions whose
     * peer stayed unreachable past the reconnect budget or never opened the session within the
     * pending TTL, and drops held frames past their TTL.
     */
    void check() {
        long now = clock.millis();
        if (connected && now - lastActivity > limits.idleTimeout().toMillis()) {
            interruptReader();
        }
        Instant instant = clock.instant();
        List<Runnable> report = new ArrayList<>();
        synchronized (lock) {
            Instant down = unreachableSince;
            Instant up = connectedSince;
            for (SessionPart part : parts.values()) {
                if (down != null && !instant.isBefore(later(down, part.registered()).plus(limits.reconnectBudget()))) {
                    String problem = lastProblem;
                    report.add(() -> part.fail(TransportFailure.Reason.UNREACHABLE, peer + " refused or dropped every "
                            + "connection for " + limits.reconnectBudget().toMillis() + " ms: " + problem));
                } else if (!part.hasPeerOpened() && up != null
                        && !instant.isBefore(later(up, part.registered()).plus(limits.pendingTtl()))) {
                    report.add(() -> part.fail(TransportFailure.Reason.REFUSED, peer + " did not open the session within "
                            + limits.pendingTtl().toSeconds() + " s"));
                } else if (instant.isAfter(part.deadline()) && !connected) {
                    String problem = lastProblem;
                    report.add(() -> part.fail(TransportFailure.Reason.UNREACHABLE, "no channel from " + peer
                            + " until the session deadline: " + problem));
                }
            }
            held.entrySet().removeIf(entry -> {
                if (entry.getValue().expires().isAfter(instant)) {
                    return false;
                }
                remember(gone, entry.getKey(), "this node did not open the session within "
                        + limits.pendingTtl().toSeconds() + " s of " + peer + "'s first frame");
                return true;
            });
        }
        report.forEach(Runnable::run);
    }

    /** Stops for good (the node stops). */
    void stop() {
        stopped = true;
        interruptReader();
    }

    /** Where this reader subscribes: the peer's URL in the registry it was made under. */
    URI endpoint() {
        return endpoint;
    }

    /**
     * Stops for good because a committed registry moved the peer to another URL (a new reader
     * takes over): the sessions still registered here fail now, naming why, instead of at their
     * deadline.
     */
    void replaced(String why) {
        stop();
        List<SessionPart> current;
        synchronized (lock) {
            current = List.copyOf(parts.values());
        }
        current.forEach(part -> part.fail(TransportFailure.Reason.UNREACHABLE, why));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void interruptReader() {
        InputStream current = body;
        Thread thread = reader;
        if (thread != null) {
            thread.interrupt();
        }
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // closing is how a blocked read is cut; a failure to close changes nothing
            }
        }
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        while (!stopped) {
            long before = lastSequence();
            answered = false;
            try {
                connectOnce();
                lastProblem = "the stream ended";
            } catch (ChannelViolation violation) {
                failAll(violation.reason, violation.getMessage());
                lastProblem = violation.getMessage();
            } catch (IOException | RuntimeException dropped) {
                lastProblem = dropped.getClass().getSimpleName() + (dropped.getMessage() == null ? ""
                        : ": " + dropped.getMessage());
            } catch (InterruptedException interrupted) {
                lastProblem = "the connection was idle for longer than " + limits.idleTimeout().toSeconds() + " s";
            } finally {
                connected = false;
                connectedSince = null;
                body = null;
                Thread.interrupted();
            }
            if (stopped) {
                return;
            }
            // A peer that answers (even with an error status) is alive; one whose port refuses or
            // resets every connection is gone, and its sessions should not wait for their deadline.
            unreachableSince = answered ? null : unreachableSince == null ? clock.instant() : unreachableSince;
            synchronized (lock) {
                // a session already failed with this peer needs nothing more from it
                if (held.isEmpty() && parts.values().stream().allMatch(SessionPart::failed)) {
                    running = false;
                    reader = null;
                    return;
                }
            }
            backoff = lastSequence() > before ? FIRST_BACKOFF : backoff;
            LOG.debug("channel of {} dropped ({}); resuming after frame {} in {} ms", peer, lastProblem, lastSequence(),
                    backoff.toMillis());
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException interrupted) {
                Thread.interrupted();
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    /** Connects once and reads until the stream ends. */
    private void connectOnce() throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).GET().header("Accept", "application/octet-stream");
        synchronized (lock) {
            if (incarnation != null) {
                builder.header(INCARNATION_HEADER, HEX.formatHex(incarnation));
                builder.header(LAST_EVENT_ID, Long.toString(lastSequence));
            }
        }
        signer.sign(builder, peer, "GET", PATH, new byte[0]);
        lastActivity = clock.millis();
        HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        answered = true;
        body = response.body();
        if (stopped) {
            response.body().close();
            return;
        }
        try (InputStream stream = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                String detail = new String(stream.readNBytes(2048), StandardCharsets.UTF_8).replace('\n', ' ');
                if (status == 400 || status == 401 || status == 403 || status == 404 || status == 410) {
                    failAll(TransportFailure.Reason.REFUSED, peer + " refused the channel with " + status + ": "
                            + WireFields.printable(detail));
                }
                throw new IOException(peer + " answered " + status);
            }
            connected = true;
            connectedSince = clock.instant();
            unreachableSince = null;
            DataInputStream frames = ChannelFrame.reader(stream);
            while (!stopped) {
                ChannelFrame frame;
                try {
                    frame = ChannelFrame.read(frames);
                } catch (ChannelFrame.OversizedFrameException | WireFormatException invalid) {
                    throw new ChannelViolation(TransportFailure.Reason.INVALID_ENVELOPE, peer + " sent an invalid stream: "
                            + invalid.getMessage());
                }
                if (frame == null) {
                    return;
                }
                lastActivity = clock.millis();
                if (!handle(frame)) {
                    return;
                }
            }
        }
    }

    /** A peer's stream that breaks the channel's rules: every session with the peer fails. */
    private static final class ChannelViolation extends IOException {
        final TransportFailure.Reason reason;

        ChannelViolation(TransportFailure.Reason reason, String message) {
            super(message, null);
            this.reason = reason;
        }
    }

    /** Handles one frame; false when the connection is over. */
    private boolean handle(ChannelFrame frame) throws ChannelViolation {
        List<Runnable> report = new ArrayList<>();
        try {
            synchronized (lock) {
                switch (frame.type()) {
                    case HEARTBEAT -> {
                        return true;
                    }
                    case REFUSED -> {
                        LOG.debug("{} ended the channel: {}", peer, WireFields.printable(frame.text()));
                        return false;
                    }
                    case RESUMED -> {
                        resumed(frame, report);
                        return true;
                    }
                    case SKIP -> {
                        if (frame.sequence() <= lastSequence) {
                            throw new ChannelViolation(TransportFailure.Reason.SEQUENCE_GAP, peer + " skipped back to frame "
                                    + frame.sequence() + " after " + lastSequence);
                        }
                        lastSequence = frame.sequence();
                        return true;
                    }
                    default -> {
                        if (frame.sequence() != lastSequence + 1) {
                            throw new ChannelViolation(TransportFailure.Reason.SEQUENCE_GAP, peer + " sent frame "
                                    + frame.sequence() + " after " + lastSequence
                                    + (frame.sequence() <= lastSequence ? " (replayed)" : " (frames missing)"));
                        }
                        lastSequence = frame.sequence();
                        sessionFrame(frame, report);
                        return true;
                    }
                }
            }
        } finally {
            report.forEach(Runnable::run);
        }
    }

    private void resumed(ChannelFrame frame, List<Runnable> report) throws ChannelViolation {
        ChannelFrame.Resumed resumed;
        try {
            resumed = frame.resumed();
        } catch (WireFormatException malformed) {
            throw new ChannelViolation(TransportFailure.Reason.INVALID_ENVELOPE, peer + " sent an invalid stream: "
                    + malformed.getMessage());
        }
        boolean restarted = incarnation != null && !Arrays.equals(incarnation, resumed.incarnation());
        if (!restarted && incarnation != null && resumed.cursor() != lastSequence) {
            throw new ChannelViolation(TransportFailure.Reason.SEQUENCE_GAP, peer + " resumed after frame "
                    + resumed.cursor() + ", not after " + lastSequence);
        }
        if (restarted) {
            // what the peer held of the sessions it had opened is gone with its process
            for (SessionPart part : parts.values()) {
                if (part.hasPeerOpened()) {
                    report.add(() -> part.fail(TransportFailure.Reason.REFUSED, peer + " restarted during the session"));
                }
            }
            held.keySet().forEach(key -> remember(gone, key, peer + " restarted before this node opened the session"));
            held.clear();
        }
        if (!resumed.complete()) {
            parts.values().forEach(part -> report.add(() -> part.fail(TransportFailure.Reason.SEQUENCE_GAP, peer
                    + " no longer holds the frames after " + resumed.cursor())));
        }
        for (byte[] session : resumed.released()) {
            String key = HEX.formatHex(session);
            SessionPart part = parts.get(key);
            if (part != null) {
                report.add(() -> part.fail(TransportFailure.Reason.REFUSED, peer + " closed the session before this "
                        + "node read all of it"));
            } else if (!closedHere.containsKey(key)) {
                held.remove(key);
                remember(gone, key, peer + " closed the session before this node opened it");
            }
        }
        incarnation = resumed.incarnation();
        lastSequence = resumed.cursor();
    }

    private void sessionFrame(ChannelFrame frame, List<Runnable> report) throws ChannelViolation {
        String key;
        try {
            key = HEX.formatHex(frame.session());
        } catch (WireFormatException malformed) {
            throw new ChannelViolation(TransportFailure.Reason.INVALID_ENVELOPE, peer + " sent an invalid stream: "
                    + malformed.getMessage());
        }
        SessionPart part = parts.get(key);
        if (part != null) {
            switch (frame.type()) {
                case OPENED -> part.peerOpened();
                case ENVELOPE, PAIRED -> report.add(part.deliver(frame));
                default -> part.peerClosed();
            }
            return;
        }
        if (closedHere.containsKey(key)) {
            return;
        }
        if (frame.type() == ChannelFrame.Type.CLOSED) {
            held.remove(key);
            remember(gone, key, peer + " closed the session before this node opened it");
            return;
        }
        Held waiting = held.get(key);
        if (waiting == null) {
            if (held.size() >= limits.pendingSessions()) {
                Iterator<String> oldest = held.keySet().iterator();
                String evicted = oldest.next();
                oldest.remove();
                remember(gone, evicted, "more than " + limits.pendingSessions() + " sessions of " + peer
                        + " waited to open on this node");
            }
            waiting = new Held(clock.instant().plus(limits.pendingTtl()), new ArrayList<>(), new boolean[1]);
            held.put(key, waiting);
        }
        if (frame.type() == ChannelFrame.Type.OPENED) {
            waiting.opened()[0] = true;
        } else if (waiting.envelopes().size() >= limits.pendingFrames()) {
            held.remove(key);
            remember(gone, key, peer + " sent more than " + limits.pendingFrames()
                    + " frames of the session before this node opened it");
        } else {
            waiting.envelopes().add(frame);
        }
    }

    private void failAll(TransportFailure.Reason reason, String detail) {
        List<SessionPart> current;
        synchronized (lock) {
            current = List.copyOf(parts.values());
            held.keySet().forEach(key -> remember(gone, key, detail));
            held.clear();
        }
        current.forEach(part -> part.fail(reason, detail));
    }

    private static <V> void remember(Map<String, V> map, String key, V value) {
        map.put(key, value);
        if (map.size() > REMEMBERED) {
            Iterator<String> oldest = map.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }
}
