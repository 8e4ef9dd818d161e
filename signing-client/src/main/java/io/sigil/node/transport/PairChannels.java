package io.sigil.node.transport;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
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
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            long position = cursor;
            while (chunk.size() < maxBytes) {
                ChannelOutbox.Retained next = outbox.after(position);
                if (next == null) {
                    break;
                }
                if (next.sequence() > position + 1) {
                    chunk.writeBytes(new ChannelFrame(ChannelFrame.Type.SKIP, next.sequence() - 1, new byte[0]).encode());
                }
                chunk.writeBytes(next.frame());
                position = next.sequence();
            }
            if (position == cursor) {
                return null;
            }
            stream.advanced(position);
            outbox.sent(stream, position);
            return chunk.toByteArray();
        }
    }

    /** Announces {@code session} to each of {@code peers}: their channels carry its frames from now on. */
    void opened(String session, byte[] sessionId, Set<String> peers) {
        appendToAll(session, List.of(new Outgoing(ChannelFrame.Type.OPENED, peers, sessionId)), false);
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

    /** Ends {@code session} on each peer's channel; its frames are released once sent. */
    void closed(String session, byte[] sessionId, Set<String> peers) {
        appendToAll(session, List.of(new Outgoing(ChannelFrame.Type.CLOSED, peers, sessionId)), false);
    }

    /**
     * Appends the envelope frames {@code frames} of {@code session} in order, each to all of its
     * peers or to none, and then wakes each peer's connection once: frames appended together
     * leave together. A frame past a bound throws (naming the peer) and the ones before it stay.
     *
     * @throws OutboxOverflowException naming the first peer whose bounds are reached
     */
    void appendAll(String session, List<Outgoing> frames) {
        appendToAll(session, frames, true);
    }

    private void appendToAll(String session, List<Outgoing> frames, boolean bounded) {
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
