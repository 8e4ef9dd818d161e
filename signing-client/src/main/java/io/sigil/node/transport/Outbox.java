package io.sigil.node.transport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What this node has to say in one session, per subscriber (design §6). Every party peer has an
 * append-only sequence of events numbered 1, 2, 3, ...; a broadcast is appended to every
 * sequence, a direct event to its recipient's only. Events stay until the session closes, so a
 * subscriber that reconnects with {@code Last-Event-ID} resumes without loss.
 *
 * <p>Each sequence is bounded. A publish that would exceed the bound of any sequence it targets
 * fails as a whole with {@link OutboxOverflowException} naming the lagging subscriber: nothing is
 * dropped and a broadcast never reaches some peers but not others.
 *
 * <p>Readers are notified (on the publishing thread) after each append and on close; they then
 * pull with {@link #eventsAfter}. Thread-safe.
 */
public final class Outbox {
    public static final int DEFAULT_CAPACITY = 1024;

    /** One event of a subscriber's sequence: its id and the data served for it. */
    public record Event(long id, String data) {
    }

    private final int capacity;
    private final Map<String, List<String>> sequences = new HashMap<>();
    private final Map<String, List<Runnable>> listeners = new HashMap<>();
    private boolean closed;

    public Outbox(Set<String> subscribers, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an outbox holds at least one event per subscriber");
        }
        this.capacity = capacity;
        for (String subscriber : subscribers) {
            sequences.put(subscriber, new ArrayList<>());
            listeners.put(subscriber, new CopyOnWriteArrayList<>());
        }
    }

    public synchronized Set<String> subscribers() {
        return Set.copyOf(sequences.keySet());
    }

    public boolean hasSubscriber(String subscriber) {
        return listeners.containsKey(subscriber);
    }

    /** Appends {@code data} to every subscriber's sequence. */
    public void broadcast(String data) {
        List<Runnable> notify = new ArrayList<>();
        synchronized (this) {
            ensureOpen();
            for (Map.Entry<String, List<String>> sequence : sequences.entrySet()) {
                if (sequence.getValue().size() >= capacity) {
                    throw new OutboxOverflowException(sequence.getKey(), capacity);
                }
            }
            for (Map.Entry<String, List<String>> sequence : sequences.entrySet()) {
                sequence.getValue().add(data);
                notify.addAll(listeners.get(sequence.getKey()));
            }
        }
        notify.forEach(Runnable::run);
    }

    /** Appends {@code data} to {@code subscriber}'s sequence only; returns its event id. */
    public long send(String subscriber, String data) {
        long id;
        synchronized (this) {
            ensureOpen();
            List<String> sequence = sequenceOf(subscriber);
            if (sequence.size() >= capacity) {
                throw new OutboxOverflowException(subscriber, capacity);
            }
            sequence.add(data);
            id = sequence.size();
        }
        listeners.get(subscriber).forEach(Runnable::run);
        return id;
    }

    /**
     * Up to {@code limit} events of {@code subscriber} with ids above {@code lastEventId}, in
     * order. A {@code lastEventId} beyond the last event is an error: the subscriber claims
     * events this node never sent.
     */
    public synchronized List<Event> eventsAfter(String subscriber, long lastEventId, int limit) {
        List<String> sequence = sequenceOf(subscriber);
        if (lastEventId < 0 || lastEventId > sequence.size()) {
            throw new IllegalArgumentException("event id " + lastEventId + " was never sent to " + subscriber
                    + " (its last is " + sequence.size() + ")");
        }
        List<Event> events = new ArrayList<>();
        for (long id = lastEventId + 1; id <= sequence.size() && events.size() < limit; id++) {
            events.add(new Event(id, sequence.get((int) (id - 1))));
        }
        return events;
    }

    public synchronized long lastEventId(String subscriber) {
        return sequenceOf(subscriber).size();
    }

    /** Registers {@code onChange}, run after each append to {@code subscriber}'s sequence and on close. */
    public Runnable listen(String subscriber, Runnable onChange) {
        List<Runnable> registered = listeners.get(subscriber);
        if (registered == null) {
            throw new IllegalArgumentException(subscriber + " does not subscribe to this session");
        }
        registered.add(onChange);
        return () -> registered.remove(onChange);
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Ends the session's streams: readers are told once, and further publishes fail. */
    public void close() {
        List<Runnable> notify = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            listeners.values().forEach(notify::addAll);
        }
        notify.forEach(Runnable::run);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the session's outbox is closed");
        }
    }

    private List<String> sequenceOf(String subscriber) {
        List<String> sequence = sequences.get(subscriber);
        if (sequence == null) {
            throw new IllegalArgumentException(subscriber + " does not subscribe to this session");
        }
        return sequence;
    }
}
