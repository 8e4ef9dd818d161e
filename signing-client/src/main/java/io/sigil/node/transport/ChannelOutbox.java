package io.sigil.node.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What this node has to say to one peer, in every session at once: the pair channel's append-only
 * sequence of frames numbered 1, 2, 3, ... (docs/design.md §6). Frames stay
 * until the peer resumes past them (a reconnect's cursor acknowledges everything before it) or
 * their session closes here; so a cut connection resumes without loss while the session runs.
 *
 * <p>When a session closes, its frames are released: at once if no connection is live, otherwise
 * as soon as the live connection has sent them (a slow reader still gets the session's last
 * frames). A resume that would have needed released frames is told which sessions they belonged
 * to ({@link ChannelFrame.Type#RESUMED}), so the peer fails those sessions naming this node rather
 * than waiting: nothing vanishes silently.
 *
 * <p>Bounded: at most {@code sessionCapacity} envelopes of one session and {@code pairCapacity}
 * frames in all; a publish past either bound fails with {@link OutboxOverflowException} naming
 * the lagging peer. Not thread-safe on its own: {@link PairChannels} calls it under one lock.
 */
final class ChannelOutbox {
    private static final HexFormat HEX = HexFormat.of();
    /** Released sessions remembered for resumes; older ones make a resume incomplete. */
    static final int REMEMBERED_RELEASED = 4096;

    record Retained(long sequence, String session, byte[] frame) {
    }

    private record Released(byte[] session, long lastSequence) {
    }

    private static final class Part {
        final List<Long> sequences = new ArrayList<>();
        int envelopes;
        boolean closed;
        long lastSequence;
    }

    private final String subscriber;
    private final int sessionCapacity;
    private final int pairCapacity;
    private final byte[] incarnation;
    private final NavigableMap<Long, Retained> retained = new TreeMap<>();
    private final Map<String, Part> sessions = new HashMap<>();
    private final ArrayDeque<Released> released = new ArrayDeque<>();
    private long forgottenUpTo;
    private long lastSequence;
    private long sentUpTo;
    private ChannelStream connection;

    ChannelOutbox(String subscriber, int sessionCapacity, int pairCapacity, byte[] incarnation) {
        this.subscriber = subscriber;
        this.sessionCapacity = sessionCapacity;
        this.pairCapacity = pairCapacity;
        this.incarnation = incarnation.clone();
    }

    String subscriber() {
        return subscriber;
    }

    byte[] incarnation() {
        return incarnation.clone();
    }

    long lastSequence() {
        return lastSequence;
    }

    int retainedFrames() {
        return retained.size();
    }

    ChannelStream connection() {
        return connection;
    }

    /** Throws when one more envelope of {@code session} would exceed a bound. */
    void checkRoom(String session) {
        Part part = sessions.get(session);
        if (part != null && part.envelopes >= sessionCapacity) {
            throw new OutboxOverflowException(subscriber, sessionCapacity);
        }
        if (retained.size() >= pairCapacity) {
            throw new OutboxOverflowException(subscriber, pairCapacity);
        }
    }

    /** Appends a session frame; returns the stream to wake, if any. */
    ChannelStream append(String session, ChannelFrame.Type type, byte[] body) {
        Part part = sessions.computeIfAbsent(session, ignored -> new Part());
        if (part.closed) {
            throw new IllegalStateException("session " + session + " is closed on this node");
        }
        long sequence = ++lastSequence;
        retained.put(sequence, new Retained(sequence, session, new ChannelFrame(type, sequence, body).encode()));
        part.sequences.add(sequence);
        part.lastSequence = sequence;
        if (type.message()) {
            part.envelopes++;
        }
        if (type == ChannelFrame.Type.CLOSED) {
            part.closed = true;
            release();
        }
        return connection;
    }

    /** True when this peer has frames of {@code session} (it is in the session's party). */
    boolean hasSession(String session) {
        return sessions.containsKey(session);
    }

    /** The first retained frame after {@code cursor}, or null. */
    Retained after(long cursor) {
        Map.Entry<Long, Retained> next = retained.higherEntry(cursor);
        return next == null ? null : next.getValue();
    }

    /** The live connection wrote every frame up to {@code sequence}. */
    void sent(ChannelStream stream, long sequence) {
        if (stream == connection && sequence > sentUpTo) {
            sentUpTo = sequence;
            release();
        }
    }

    /**
     * A new connection resumes after {@code cursor} ({@code 0} for another or unknown incarnation):
     * everything up to it is acknowledged; the previous connection, if any, is returned to be ended.
     */
    ChannelFrame connect(ChannelStream stream, long cursor) {
        if (cursor < 0 || cursor > lastSequence) {
            throw new IllegalArgumentException("cursor " + cursor + " is beyond the last frame sent to " + subscriber
                    + " (" + lastSequence + ")");
        }
        acknowledge(cursor);
        List<byte[]> gone = new ArrayList<>();
        for (Released session : released) {
            if (session.lastSequence() > cursor) {
                gone.add(session.session());
            }
        }
        connection = stream;
        sentUpTo = cursor;
        return ChannelFrame.resumed(cursor, incarnation, cursor >= forgottenUpTo, gone);
    }

    /** {@code stream} ended; unsent frames of closed sessions are released now. */
    void disconnect(ChannelStream stream) {
        if (connection == stream) {
            connection = null;
            release();
        }
    }

    private void acknowledge(long cursor) {
        NavigableMap<Long, Retained> acknowledged = retained.headMap(cursor, true);
        for (Retained frame : acknowledged.values()) {
            Part part = sessions.get(frame.session());
            if (part != null) {
                part.sequences.remove(Long.valueOf(frame.sequence()));
                if (ChannelFrame.Type.of(frame.frame()[0]).message()) {
                    part.envelopes--;
                }
            }
        }
        acknowledged.clear();
        released.removeIf(session -> session.lastSequence() <= cursor);
        sessions.values().removeIf(part -> part.closed && part.sequences.isEmpty() && part.lastSequence <= cursor);
    }

    /** Drops the frames of closed sessions that no live connection still has to send. */
    private void release() {
        Iterator<Map.Entry<String, Part>> parts = sessions.entrySet().iterator();
        while (parts.hasNext()) {
            Map.Entry<String, Part> entry = parts.next();
            Part part = entry.getValue();
            if (!part.closed) {
                continue;
            }
            part.sequences.removeIf(sequence -> {
                if (connection != null && sequence > sentUpTo) {
                    return false;
                }
                retained.remove(sequence);
                return true;
            });
            if (part.sequences.isEmpty()) {
                parts.remove();
                remember(new Released(HEX.parseHex(entry.getKey()), part.lastSequence));
            }
        }
    }

    private void remember(Released session) {
        released.addLast(session);
        if (released.size() > REMEMBERED_RELEASED) {
            forgottenUpTo = Math.max(forgottenUpTo, released.removeFirst().lastSequence());
        }
    }
}
