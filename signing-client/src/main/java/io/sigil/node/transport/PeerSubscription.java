package io.sigil.node.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import io.sigil.crypto.dkls23.RoundEnvelope;
import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.wire.WireFields;
import io.sigil.wire.envelope.SignedEnvelope;
import io.sigil.wire.io.BoundedLines;
import io.sigil.wire.io.OversizedInputException;
import io.sigil.wire.sse.SseParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's subscription to one party peer's stream of one session ({@code GET
 * /v1/subscribe/{session}} on the peer, signed by this node). Runs on its own virtual thread:
 * it reads the stream, opens each envelope with {@link EnvelopeSeal} and hands it to the inbound
 * consumer on that same thread, in the peer's order. A dropped connection is resumed with
 * {@code Last-Event-ID} after a short backoff; ids at or below the last delivered one are
 * skipped (no duplicate), a jump is a {@link TransportFailure.Reason#SEQUENCE_GAP} (no silent loss).
 *
 * <p>It ends when closed, when the peer sends {@code closed}, at the deadline, or on a failure,
 * which is reported once to the failure consumer naming the peer.
 */
public final class PeerSubscription implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerSubscription.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    /** Adds the node-request signature headers for the target node (SignedNodeClient::sign fits). */
    @FunctionalInterface
    public interface RequestSigner {
        void sign(HttpRequest.Builder builder, String targetNodeId, String method, String pathAndQuery, byte[] body);
    }

    /**
     * The longest line of a peer's stream this node reads: far above the largest envelope, far
     * below what would hurt the heap. A longer line is the peer's invalid message.
     */
    public static final int MAX_LINE_BYTES = 1 << 20;

    private final String peer;
    private final URI endpoint;
    private final String path;
    private final HttpClient http;
    private final RequestSigner signer;
    private final EnvelopeSeal seal;
    private final byte[] session;
    private final Consumer<RoundEnvelope> inbound;
    private final Consumer<TransportFailure> failures;
    private final Instant deadline;
    private final Duration idleTimeout;
    private final Clock clock;
    private final Duration reconnectBudget;
    private final Set<String> partyPeers;
    private final Consumer<EnvelopeRejectedException.Reason> refusals;
    private volatile boolean closed;
    private volatile Thread reader;
    private volatile InputStream body;
    private volatile long lastActivity;
    private volatile long lastEventId;
    private boolean reported;
    private boolean answered; // on the reader thread: the last connection got an HTTP answer

    public PeerSubscription(String peer, URI peerBase, byte[] session, HttpClient http, RequestSigner signer,
                            EnvelopeSeal seal, Consumer<RoundEnvelope> inbound, Consumer<TransportFailure> failures,
                            Instant deadline, Duration idleTimeout, Clock clock) {
        this(peer, peerBase, session, http, signer, seal, inbound, failures, deadline, idleTimeout, clock, null, null,
                reason -> { });
    }

    /**
     * @param reconnectBudget how long the peer may stay unreachable (connections refused or cut
     *                        before any answer) before it is reported
     *                        {@link TransportFailure.Reason#UNREACHABLE}; null: until the deadline
     * @param partyPeers      the session's other members: an envelope claiming another sender is
     *                        refused as {@code NOT_IN_PARTY}; null: not checked here
     * @param refusals        hears of every envelope refused, by reason (for the fault counters)
     */
    public PeerSubscription(String peer, URI peerBase, byte[] session, HttpClient http, RequestSigner signer,
                            EnvelopeSeal seal, Consumer<RoundEnvelope> inbound, Consumer<TransportFailure> failures,
                            Instant deadline, Duration idleTimeout, Clock clock, Duration reconnectBudget,
                            Set<String> partyPeers, Consumer<EnvelopeRejectedException.Reason> refusals) {
        this.reconnectBudget = reconnectBudget;
        this.partyPeers = partyPeers == null ? null : Set.copyOf(partyPeers);
        this.refusals = Objects.requireNonNull(refusals, "refusals");
        this.peer = Objects.requireNonNull(peer, "peer");
        this.session = session.clone();
        this.path = "/v1/subscribe/" + SessionTransports.key(session);
        this.endpoint = peerBase.resolve(path);
        this.http = http;
        this.signer = signer;
        this.seal = seal;
        this.inbound = inbound;
        this.failures = failures;
        this.deadline = deadline;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    public String peer() {
        return peer;
    }

    /** The id of the last event delivered to the inbound consumer (0 before the first). */
    public long lastEventId() {
        return lastEventId;
    }

    /** Starts reading on a new virtual thread. */
    public void start() {
        lastActivity = clock.millis();
        reader = Thread.ofVirtual().name("subscription-" + peer).start(this::run);
    }

    /**
     * Called periodically by the owner: a connection silent for longer than the idle timeout
     * (heartbeats stopped, half-open TCP) or past the deadline is cut, so the loop reconnects or ends.
     */
    void checkIdle() {
        long now = clock.millis();
        if (now - lastActivity > idleTimeout.toMillis() || now > deadline.toEpochMilli()) {
            interruptReader();
        }
    }

    @Override
    public void close() {
        closed = true;
        interruptReader();
    }

    public boolean isRunning() {
        Thread thread = reader;
        return thread != null && thread.isAlive();
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

    private enum Outcome { FINISHED, DROPPED }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        String lastProblem = null;
        Instant unreachableSince = null;
        while (!closed && !reported) {
            if (clock.instant().isAfter(deadline)) {
                if (lastProblem != null) {
                    fail(TransportFailure.Reason.UNREACHABLE, "no stream from " + peer + " until the session deadline: "
                            + lastProblem);
                }
                return;
            }
            long eventsBefore = lastEventId;
            answered = false;
            try {
                if (connectOnce() == Outcome.FINISHED) {
                    return;
                }
                lastProblem = "the stream ended";
            } catch (OversizedInputException | SseParser.OversizedEventException oversized) {
                // not a network accident: the peer sent more than any valid stream holds
                fail(TransportFailure.Reason.INVALID_ENVELOPE, peer + " sent an invalid stream: "
                        + oversized.getMessage());
                return;
            } catch (IOException | RuntimeException dropped) {
                lastProblem = dropped.getClass().getSimpleName() + (dropped.getMessage() == null ? ""
                        : ": " + dropped.getMessage());
            } catch (InterruptedException interrupted) {
                lastProblem = "the connection was idle for longer than " + idleTimeout.toSeconds() + " s";
            } finally {
                body = null;
                Thread.interrupted();
            }
            if (closed || reported) {
                return;
            }
            // A peer that answers (even with an error status) is alive; one whose port refuses or
            // resets every connection is gone, and waiting for the stage deadline would only
            // delay the retry without it (Kava's "party pooper").
            unreachableSince = answered ? null : unreachableSince == null ? clock.instant() : unreachableSince;
            if (reconnectBudget != null && unreachableSince != null
                    && !clock.instant().isBefore(unreachableSince.plus(reconnectBudget))) {
                fail(TransportFailure.Reason.UNREACHABLE, peer + " refused or dropped every connection for "
                        + reconnectBudget.toMillis() + " ms: " + lastProblem);
                return;
            }
            backoff = lastEventId > eventsBefore ? FIRST_BACKOFF : backoff;
            LOG.debug("stream of {} dropped ({}); resuming after event {} in {} ms", peer, lastProblem, lastEventId,
                    backoff.toMillis());
            Duration pause = backoff;
            if (reconnectBudget != null && unreachableSince != null) {
                // wake up for the last try when the budget runs out, not a whole backoff later
                Duration left = Duration.between(clock.instant(), unreachableSince.plus(reconnectBudget));
                pause = left.compareTo(pause) < 0 ? left.plusMillis(1) : pause;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException interrupted) {
                Thread.interrupted();
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private Outcome connectOnce() throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).GET().header("Accept", "text/event-stream");
        if (lastEventId > 0) {
            builder.header("Last-Event-ID", Long.toString(lastEventId));
        }
        signer.sign(builder, peer, "GET", path, new byte[0]);
        lastActivity = clock.millis();
        HttpResponse<InputStream> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        answered = true;
        body = response.body();
        if (closed) {
            response.body().close();
            return Outcome.FINISHED;
        }
        try (InputStream stream = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                String detail = new String(stream.readNBytes(2048), StandardCharsets.UTF_8).replace('\n', ' ');
                if (status == 400 || status == 401 || status == 403 || status == 404 || status == 410) {
                    fail(TransportFailure.Reason.REFUSED, peer + " refused the subscription with " + status + ": "
                            + WireFields.printable(detail));
                    return Outcome.FINISHED;
                }
                throw new IOException(peer + " answered " + status);
            }
            Outcome[] outcome = {Outcome.DROPPED};
            SseParser parser = new SseParser(event -> {
                if (outcome[0] == Outcome.DROPPED && handle(event)) {
                    outcome[0] = Outcome.FINISHED;
                }
            });
            new BoundedLines(MAX_LINE_BYTES, line -> {
                lastActivity = clock.millis();
                parser.line(line);
                return outcome[0] == Outcome.DROPPED && !closed;
            }).readAll(stream);
            return closed ? Outcome.FINISHED : outcome[0];
        }
    }

    /** Handles one event; true when the subscription is over. */
    private boolean handle(SseParser.SseEvent event) {
        switch (event.name()) {
            case SubscriberStream.OPEN -> {
                return false;
            }
            case SubscriberStream.CLOSED -> {
                closed = true;
                return true;
            }
            case SubscriberStream.REFUSED -> {
                fail(TransportFailure.Reason.REFUSED, peer + " refused the subscription: " + WireFields.printable(event.data()));
                return true;
            }
            case SubscriberStream.ENVELOPE -> {
                return deliver(event);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean deliver(SseParser.SseEvent event) {
        long id;
        try {
            id = Long.parseLong(Objects.requireNonNull(event.id()));
        } catch (NumberFormatException | NullPointerException missing) {
            fail(TransportFailure.Reason.SEQUENCE_GAP, peer + " sent an envelope event without a numeric id");
            return true;
        }
        if (id <= lastEventId) {
            return false;
        }
        if (id != lastEventId + 1) {
            fail(TransportFailure.Reason.SEQUENCE_GAP, peer + " sent event " + id + " after " + lastEventId);
            return true;
        }
        RoundEnvelope opened;
        try {
            SignedEnvelope sealed = Json.read(event.data(), SignedEnvelope.class);
            opened = partyPeers == null ? seal.open(sealed, peer, session) : seal.open(sealed, peer, session, partyPeers);
        } catch (JsonFormatException malformed) {
            refused(EnvelopeRejectedException.Reason.MALFORMED);
            fail(TransportFailure.Reason.INVALID_ENVELOPE, peer + " sent event " + id + " that is not an envelope: "
                    + malformed.getMessage());
            return true;
        } catch (EnvelopeRejectedException rejected) {
            refused(rejected.reason());
            fail(TransportFailure.Reason.INVALID_ENVELOPE, rejected.getMessage());
            return true;
        }
        lastEventId = id;
        try {
            inbound.accept(opened);
        } catch (RuntimeException consumerFailure) {
            // the consumer is this node's own code: its bug is not the peer's fault, and the event counts as delivered
            LOG.error("the inbound consumer failed on event {} from {}", id, peer, consumerFailure);
        }
        return false;
    }

    private void refused(EnvelopeRejectedException.Reason reason) {
        try {
            refusals.accept(reason);
        } catch (RuntimeException consumerFailure) {
            LOG.error("the refusal consumer failed for {}", peer, consumerFailure);
        }
    }

    private void fail(TransportFailure.Reason reason, String detail) {
        if (reported || closed) {
            return;
        }
        reported = true;
        try {
            failures.accept(new TransportFailure(peer, reason, detail));
        } catch (RuntimeException consumerFailure) {
            LOG.error("the failure consumer failed for {}", peer, consumerFailure);
        }
    }
}
