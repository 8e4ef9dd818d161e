package io.sigil.node.jobs;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages for sessions that are not running yet (not yet submitted, or queued), kept in arrival
 * order (design §5). Bounded three ways, so that nobody can make it grow: per session and sender,
 * per session, and in the number of sessions. Every entry lives at most {@code timeToLive}.
 * Not thread-safe: the {@link JobManager} uses it under its lock.
 */
final class EarlyMessageBuffer<M> {

    record Entry<M>(String from, M message, Instant expiresAt) {
    }

    private final int perSender;
    private final int perSession;
    private final int sessions;
    private final java.time.Duration timeToLive;
    private final Map<SessionKey, ArrayDeque<Entry<M>>> bySession = new LinkedHashMap<>();
    private int size;

    EarlyMessageBuffer(JobManagerSettings settings) {
        this.perSender = settings.bufferPerSender();
        this.perSession = settings.bufferPerSession();
        this.sessions = settings.bufferedSessions();
        this.timeToLive = settings.bufferTimeToLive();
    }

    /** Holds the message; {@code false} (nothing held) when a bound would be exceeded. */
    boolean add(SessionKey session, String from, M message, Instant now) {
        ArrayDeque<Entry<M>> entries = bySession.get(session);
        if (entries == null) {
            if (bySession.size() >= sessions) {
                return false;
            }
            entries = new ArrayDeque<>();
        } else if (entries.size() >= perSession || countFrom(entries, from) >= perSender) {
            return false;
        }
        entries.addLast(new Entry<>(from, message, now.plus(timeToLive)));
        bySession.putIfAbsent(session, entries);
        size++;
        return true;
    }

    /** Removes and returns the session's messages in arrival order. */
    List<Entry<M>> take(SessionKey session) {
        ArrayDeque<Entry<M>> entries = bySession.remove(session);
        if (entries == null) {
            return List.of();
        }
        size -= entries.size();
        return List.copyOf(entries);
    }

    /** Drops every message whose time-to-live has passed; returns how many. */
    int expire(Instant now) {
        int dropped = 0;
        Iterator<ArrayDeque<Entry<M>>> sessionIterator = bySession.values().iterator();
        while (sessionIterator.hasNext()) {
            ArrayDeque<Entry<M>> entries = sessionIterator.next();
            // Entries are in arrival order with one time-to-live, so the expired ones lead.
            while (!entries.isEmpty() && !now.isBefore(entries.peekFirst().expiresAt())) {
                entries.removeFirst();
                dropped++;
            }
            if (entries.isEmpty()) {
                sessionIterator.remove();
            }
        }
        size -= dropped;
        return dropped;
    }

    int size() {
        return size;
    }

    private static int countFrom(ArrayDeque<? extends Entry<?>> entries, String from) {
        int count = 0;
        for (Entry<?> entry : entries) {
            if (entry.from().equals(from)) {
                count++;
            }
        }
        return count;
    }
}
