package io.sigil.node.transport;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The serving side of this node's pair channels: one {@link ChannelOutbox} per peer that has
 * sessions with this node, and at most one live {@link ChannelStream} each (a newer connection
 * of the same peer replaces the older one, so a peer holds one stream of this node however many
 * sessions run). One lock guards every outbox: a broadcast is checked against every target's
 * bounds and then appended to all of them, or to none.
 *
 * <p>The incarnation (16 random bytes per process) tells a reconnecting peer whether it resumes
 * the same sequence or this node restarted and lost it.
 */
final class PairChannels {
    private final Object lock = new Object();
    private final Map<String, ChannelOutbox> outboxes = new HashMap<>();
    private final int sessionCapacity;
    private final int pairCapacity;
    private final byte[] incarnation = new byte[ChannelFrame.INCARNATION_BYTES];
    /** Connections holding frames appended without a wake-up, not sent since ({@link #flushLazy()}). */
    private final Set<ChannelStream> lazy = new LinkedHashSet<>();

    PairChannels(int sessionCapacity, int pairCapacity) {
        if (sessionCapacity < 1 || pairCapacity < 1) {
            throw new IllegalArgumentException("a channel holds at least one frame");
        }
        this.sessionCapacity = sessionCapacity;
        this.pairCapacity = pairCapacity;
        new SecureRandom().nextBytes(incarnation);
    }

    /**
     * A new connection of {@code subscriber}, resuming after {@code cursor} when it names this
     * incarnation, from the start otherwise.
     *
     * @throws IllegalArgumentException for a cursor beyond what this node sent in this incarnation
     */
    ChannelStream stream(String subscriber, long cursor, byte[] subscriberIncarnation) {
        long start = Arrays.equals(subscriberIncarnation, incarnation) ? cursor : 0;
        synchronized (lock) {
            long last = outbox(subscriber).lastSequence();
            if (start > last) {
                throw new IllegalArgumentException("cursor " + cursor + " is beyond the last frame this node sent to "
                        + subscriber + " (" + last + ")");
            }
            return new ChannelStream(this, outbox(subscriber), start);
        }
    }

    ChannelFrame connect(ChannelStream stream, long cursor) {
        ChannelStream previous;
        ChannelFrame resumed;
        synchronized (lock) {
            ChannelOutbox outbox = outbox(stream.subscriber());
            previous = outbox.connection();
            resumed = outbox.connect(stream, cursor);
        }
        if (previous != null && previous != stream) {
            previous.end("replaced by a newer connection of " + stream.subscriber());
        }
        return resumed;
    }

    void disconnect(ChannelStream stream) {
        synchronized (lock) {
            ChannelOutbox outbox = outboxes.get(stream.subscriber());
            if (outbox != null) {
                outbox.disconnect(stream);
            }
            lazy.remove(stream);
        }
    }

    /**
     * The retained frames after {@code cursor} for {@code stream}, joined up to about
     * {@code maxBytes}, a {@code SKIP} before a released stretch; null when there is nothing new
     * or the stream was replaced.
     */
    byte[] nextChunk(ChannelStream stream, ChannelOutbox outbox, long cursor, int maxBytes) {
        synchronized (lock) {
            if (outbox.connection() != stream) {
                return null;
            }
            // first the frames that fit, then one array of exactly their size: a direct message is
            // tens of kB, and a growing buffer would copy it several times (docs/performance.md)
            List<ChannelOutbox.Retained> taken = new ArrayList<>();
            int size = 0;
            long position = cursor;
            while (size < maxBytes) {
                ChannelOutbox.Retained next = outbox.after(position);
                if (next == null) {
                    break;
                }
                if (next.sequence() > position + 1) {
                    size += ChannelFrame.HEADER_BYTES;
                }
                size += next.frame().length;
                taken.add(next);
                position = next.sequence();
            }
            if (taken.isEmpty()) {
                return null;
            }
            ByteBuffer chunk = ByteBuffer.allocate(size);
            long previous = cursor;
            for (ChannelOutbox.Retained frame : taken) {
                if (frame.sequence() > previous + 1) {
                    chunk.put(new ChannelFrame(ChannelFrame.Type.SKIP, frame.sequence() - 1, new byte[0]).encode());
                }
                chunk.put(frame.frame());
                previous = frame.sequence();
            }
            stream.advanced(position);
            outbox.sent(stream, position);
            lazy.remove(stream);
            return chunk.array();
        }
    }

    /**
     * Announces {@code session} to each of {@code peers}: their channels carry its frames from now
     * on. Without a wake-up of their connections: the frame leaves with the session's first
     * envelopes, or any other frame to the peer, or at the latest with {@link #flushLazy()}.
     */
    void opened(String session, byte[] sessionId, Set<String> peers) {
        appendToAll(session, List.of(new Outgoing(ChannelFrame.Type.OPENED, peers, sessionId)), false, false);
    }

    /** One frame to append: its type, the peers whose channels carry it, its body. */
    record Outgoing(ChannelFrame.Type type, Set<String> peers, byte[] body) {
        /** A signed envelope for each of {@code peers}, all or none. */
        static Outgoing envelope(Set<String> peers, byte[] body) {
            return new Outgoing(ChannelFrame.Type.ENVELOPE, Set.copyOf(peers), body);
        }

        /** A pairwise-sealed direct envelope for {@code peer}. */
        static Outgoing paired(String peer, byte[] body) {
            return new Outgoing(ChannelFrame.Type.PAIRED, Set.of(peer), body);
        }
    }

    /**
     * Ends {@code session} on each peer's channel; its frames are released once sent. Like
     * {@link #opened}, without a wake-up: the peer only notes the close (or, for a session it has
     * not opened yet, fails it when it does), so the frame can wait for the next frame to the
     * peer or {@link #flushLazy()}.
     */
    void closed(String session, byte[] sessionId, Set<String> peers) {
        appendToAll(session, List.of(new Outgoing(ChannelFrame.Type.CLOSED, peers, sessionId)), false, false);
    }

    /**
     * Wakes the connections that hold frames appended without a wake-up ({@link #opened},
     * {@link #closed}) and not sent since: called periodically, it bounds their delay on a pair
     * that carries nothing else.
     */
    void flushLazy() {
        List<ChannelStream> due;
        synchronized (lock) {
            due = List.copyOf(lazy);
            lazy.clear();
        }
        due.forEach(ChannelStream::drain);
    }

    /**
     * Appends the envelope frames {@code frames} of {@code session} in order, each to all of its
     * peers or to none, and then wakes each peer's connection once: frames appended together
     * leave together. A frame past a bound throws (naming the peer) and the ones before it stay.
     *
     * @throws OutboxOverflowException naming the first peer whose bounds are reached
     */
    void appendAll(String session, List<Outgoing> frames) {
        appendToAll(session, frames, true, true);
    }

    private void appendToAll(String session, List<Outgoing> frames, boolean bounded, boolean wakeNow) {
        Set<ChannelStream> wake = new LinkedHashSet<>();
        try {
            synchronized (lock) {
                for (Outgoing frame : frames) {
                    if (bounded) {
                        for (String peer : frame.peers()) {
                            outbox(peer).checkRoom(session);
                        }
                    }
                    for (String peer : frame.peers()) {
                        ChannelStream stream = outbox(peer).append(session, frame.type(), frame.body());
                        if (stream != null) {
                            wake.add(stream);
                        }
                    }
                }
                if (!wakeNow) {
                    // a wake-up hands the connection to its event loop, a selector wake-up each
                    // (docs/performance.md, "Transport CPU"): these frames wait for the next one
                    lazy.addAll(wake);
                    wake.clear();
                }
            }
        } finally {
            // frames appended before an overflow are out there too: their readers are woken all the same
            wake.forEach(ChannelStream::drain);
        }
    }

    void heartbeat() {
        connections().forEach(ChannelStream::heartbeat);
    }

    /** The live connections, one per peer at most. */
    List<ChannelStream> connections() {
        synchronized (lock) {
            return outboxes.values().stream().map(ChannelOutbox::connection).filter(Objects::nonNull).toList();
        }
    }

    /** The number of the last frame appended for {@code peer} (tests). */
    long lastSequence(String peer) {
        synchronized (lock) {
            ChannelOutbox outbox = outboxes.get(peer);
            return outbox == null ? 0 : outbox.lastSequence();
        }
    }

    /** Frames retained for {@code peer} (tests, metrics). */
    int retainedFrames(String peer) {
        synchronized (lock) {
            ChannelOutbox outbox = outboxes.get(peer);
            return outbox == null ? 0 : outbox.retainedFrames();
        }
    }

    void close() {
        connections().forEach(stream -> stream.end("the node is stopping"));
    }

    private ChannelOutbox outbox(String peer) {
        return outboxes.computeIfAbsent(peer, id -> new ChannelOutbox(id, sessionCapacity, pairCapacity, incarnation));
    }
}
