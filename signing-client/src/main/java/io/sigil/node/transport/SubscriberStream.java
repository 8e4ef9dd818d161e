package io.sigil.node.transport;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micronaut.http.sse.Event;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * One subscriber's live connection to one session's outbox: emits {@code open} at once, then
 * each {@code envelope} event after the subscriber's {@code Last-Event-ID} as demand allows, a
 * heartbeat comment when asked, and finally {@code closed} (session ended, after every event was
 * served) or {@code refused} (the session opened without this subscriber, or never opened).
 *
 * <p>It may start before the session exists (a peer that learned of the party first): it then
 * waits, attached to nothing, until {@link #attach} or {@link #refuse}. All emission goes through
 * one drain loop so events leave in order whichever thread (publisher, network, scheduler)
 * triggers it.
 */
final class SubscriberStream {
    static final String OPEN = "open";
    static final String ENVELOPE = "envelope";
    static final String CLOSED = "closed";
    static final String REFUSED = "refused";
    private static final int BATCH = 64;

    private final String sessionKey;
    private final String subscriber;
    private final AtomicInteger work = new AtomicInteger();
    private final AtomicBoolean heartbeatDue = new AtomicBoolean();
    private volatile FluxSink<Event<String>> sink;
    private volatile Outbox outbox;
    private volatile String refusal;
    private volatile Runnable detach = () -> { };
    private long cursor;
    private boolean finished;

    SubscriberStream(String sessionKey, String subscriber, long lastEventId) {
        this.sessionKey = sessionKey;
        this.subscriber = subscriber;
        this.cursor = lastEventId;
    }

    String subscriber() {
        return subscriber;
    }

    long lastEventId() {
        return cursor;
    }

    /**
     * The event stream; {@code onSubscribe} runs once the server subscribes (it attaches the
     * stream to its session or parks it as pending), {@code onEnd} when the stream ends for any
     * reason, the subscriber's disconnect included.
     */
    Flux<Event<String>> flux(Runnable onSubscribe, Runnable onEnd) {
        return Flux.<Event<String>>create(created -> {
            sink = created;
            created.next(Event.of(sessionKey).name(OPEN));
            created.onRequest(ignored -> drain());
            created.onDispose(() -> {
                detach.run();
                onEnd.run();
            });
            onSubscribe.run();
            drain();
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /** Serves {@code session}'s outbox from here on; checks the resume point first. */
    void attach(Outbox session) {
        if (cursor > session.lastEventId(subscriber)) {
            refuse("Last-Event-ID " + cursor + " is beyond the last event this node sent you ("
                    + session.lastEventId(subscriber) + ")");
            return;
        }
        detach = session.listen(subscriber, this::drain);
        outbox = session;
        drain();
    }

    /** Ends the stream with a {@code refused} event carrying {@code reason}. */
    void refuse(String reason) {
        refusal = reason;
        drain();
    }

    void heartbeat() {
        heartbeatDue.set(true);
        drain();
    }

    void drain() {
        if (sink == null || work.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (!finished) {
                step();
            }
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }

    private void step() {
        FluxSink<Event<String>> out = sink;
        if (refusal != null) {
            finish(out, Event.of(refusal).name(REFUSED));
            return;
        }
        Outbox session = outbox;
        if (session != null) {
            long demand = out.requestedFromDownstream();
            while (demand > 0) {
                List<Outbox.Event> events = session.eventsAfter(subscriber, cursor, (int) Math.min(demand, BATCH));
                if (events.isEmpty()) {
                    break;
                }
                for (Outbox.Event event : events) {
                    out.next(Event.of(event.data()).name(ENVELOPE).id(Long.toString(event.id())));
                    cursor = event.id();
                }
                demand = out.requestedFromDownstream();
            }
            if (session.isClosed() && cursor == session.lastEventId(subscriber)) {
                finish(out, Event.of(sessionKey).name(CLOSED));
                return;
            }
        }
        if (heartbeatDue.getAndSet(false) && out.requestedFromDownstream() > 0) {
            out.next(Event.of("").comment("heartbeat"));
        }
    }

    private void finish(FluxSink<Event<String>> out, Event<String> last) {
        finished = true;
        out.next(last);
        out.complete();
    }
}
