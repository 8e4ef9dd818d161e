package io.sigil.node.transport;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * One live connection of a peer to its {@link ChannelOutbox}: emits {@link ChannelFrame.Type#RESUMED}
 * first, then every retained frame after the cursor in order (a {@link ChannelFrame.Type#SKIP} over
 * released ones), a heartbeat when asked, and a {@link ChannelFrame.Type#REFUSED} when a newer
 * connection of the same peer replaces it or the node stops. Frames that are ready together leave
 * in one chunk. All emission goes through one drain loop, so frames leave in order whichever thread
 * (publisher, network, timer) triggers it.
 */
final class ChannelStream {
    /** Frames ready together are written as one chunk of at most about this many bytes. */
    private static final int CHUNK_BYTES = 256 * 1024;

    private final PairChannels channels;
    private final ChannelOutbox outbox;
    private final long startCursor;
    private final AtomicInteger work = new AtomicInteger();
    private final AtomicBoolean heartbeatDue = new AtomicBoolean();
    private volatile FluxSink<byte[]> sink;
    private volatile String ending;
    private byte[] first;
    private long cursor;
    private boolean finished;

    ChannelStream(PairChannels channels, ChannelOutbox outbox, long cursor) {
        this.channels = channels;
        this.outbox = outbox;
        this.startCursor = cursor;
        this.cursor = cursor;
    }

    String subscriber() {
        return outbox.subscriber();
    }

    /** The byte stream; it attaches to the outbox when the server subscribes and detaches when it ends. */
    Flux<byte[]> flux() {
        return Flux.<byte[]>create(created -> {
            created.onRequest(ignored -> drain());
            created.onDispose(() -> channels.disconnect(this));
            // the RESUMED frame must leave first: publishers can wake this stream as soon as it is
            // connected, and their drains do nothing until the sink is set
            first = channels.connect(this, startCursor).encode();
            sink = created;
            drain();
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    void heartbeat() {
        heartbeatDue.set(true);
        drain();
    }

    /** Ends the connection with a {@code REFUSED} frame saying why (replaced, node stopping). */
    void end(String reason) {
        ending = reason;
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
        FluxSink<byte[]> out = sink;
        if (first != null && out.requestedFromDownstream() > 0) {
            out.next(first);
            first = null;
        }
        if (first != null) {
            return;
        }
        while (out.requestedFromDownstream() > 0) {
            byte[] chunk = channels.nextChunk(this, outbox, cursor, CHUNK_BYTES);
            if (chunk == null) {
                break;
            }
            out.next(chunk);
        }
        if (ending != null) {
            finished = true;
            out.next(new ChannelFrame(ChannelFrame.Type.REFUSED, 0, ending.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .encode());
            out.complete();
            return;
        }
        if (heartbeatDue.getAndSet(false) && out.requestedFromDownstream() > 0) {
            out.next(new ChannelFrame(ChannelFrame.Type.HEARTBEAT, 0, new byte[0]).encode());
        }
    }

    /** Called by {@link PairChannels#nextChunk} under its lock: the frames of a chunk were taken up to {@code sequence}. */
    void advanced(long sequence) {
        cursor = sequence;
    }
}
