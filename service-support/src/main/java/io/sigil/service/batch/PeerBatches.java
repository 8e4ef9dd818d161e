package io.sigil.service.batch;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;

/**
 * Coalesces calls to one peer: while a call to a peer is in flight, further calls to it queue, and
 * when it returns they leave together as one batch (up to {@code maxItems} items and
 * {@code maxBytes} of items; the first item always goes, however large). There is no timer: a call
 * to an idle peer goes at once, so a lone caller waits exactly as long as without batching.
 *
 * <p>Each caller gets its own item's answer (the sender returns answers in the items' order; a
 * list of another length fails the whole batch), and a batch that fails as a whole (the peer is
 * unreachable, answered nonsense) fails every one of its items with that same exception, as a
 * single call would have failed. Batches are sent on the callers' own threads: the caller that
 * finds the peer idle sends; when its batch is answered, the oldest queued caller takes over and
 * sends the next, so no thread of its own is needed and nobody waits for a batch it is not in
 * longer than one round trip.
 *
 * @param <I> an item
 * @param <A> the answer to one item
 */
public final class PeerBatches<I, A> {
    /** Sends {@code items} (at least one) to {@code peer}; the answers in the items' order. */
    @FunctionalInterface
    public interface Sender<I, A> {
        List<A> send(String peer, List<I> items) throws IOException, InterruptedException;
    }

    private static final Object LEAD = new Object();

    private final int maxItems;
    private final long maxBytes;
    private final ToIntFunction<I> size;
    private final Sender<I, A> sender;
    private final Map<String, PeerQueue<I, A>> peers = new ConcurrentHashMap<>();
    private final LongAdder batches = new LongAdder();
    private final LongAdder items = new LongAdder();

    public PeerBatches(int maxItems, long maxBytes, ToIntFunction<I> size, Sender<I, A> sender) {
        if (maxItems < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a batch holds at least one item of at least one byte");
        }
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
        this.size = size;
        this.sender = sender;
    }

    /**
     * Sends {@code item} to {@code peer}, in a batch with the calls queued behind one in flight.
     *
     * @throws IOException what the peer's batch failed with (every item of that batch gets it)
     */
    public A call(String peer, I item) throws IOException, InterruptedException {
        PeerQueue<I, A> queue = peers.computeIfAbsent(peer, id -> new PeerQueue<>());
        Pending<I, A> pending = new Pending<>(item, size.applyAsInt(item));
        synchronized (queue) {
            queue.waiting.add(pending);
            if (!queue.busy) {
                queue.busy = true;
                pending.signals.add(LEAD);
            }
        }
        while (true) {
            Object signal;
            try {
                signal = pending.signals.take();
            } catch (InterruptedException interrupted) {
                abandon(queue, pending);
                throw interrupted;
            }
            if (signal == LEAD) {
                sendNext(peer, queue);
            } else {
                return pending.result((Outcome<A>) cast(signal));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <A> Outcome<A> cast(Object signal) {
        return (Outcome<A>) signal;
    }

    /** Batches sent so far (to every peer). */
    public long batches() {
        return batches.sum();
    }

    /** Items carried by those batches. */
    public long items() {
        return items.sum();
    }

    /** Calls to {@code peer} queued behind the one in flight (for tests and diagnostics). */
    int waiting(String peer) {
        PeerQueue<I, A> queue = peers.get(peer);
        if (queue == null) {
            return 0;
        }
        synchronized (queue) {
            return queue.waiting.size();
        }
    }

    /** Takes the next batch off the queue, sends it, answers its items and hands the lead on. */
    private void sendNext(String peer, PeerQueue<I, A> queue) {
        List<Pending<I, A>> batch = new ArrayList<>();
        synchronized (queue) {
            long bytes = 0;
            while (!queue.waiting.isEmpty() && batch.size() < maxItems) {
                Pending<I, A> next = queue.waiting.peek();
                if (!batch.isEmpty() && bytes + next.bytes > maxBytes) {
                    break;
                }
                bytes += next.bytes;
                batch.add(queue.waiting.poll());
            }
        }
        try {
            answer(peer, batch);
        } finally {
            synchronized (queue) {
                Pending<I, A> next = queue.waiting.peek();
                if (next == null) {
                    queue.busy = false;
                } else {
                    next.signals.add(LEAD);
                }
            }
        }
    }

    private void answer(String peer, List<Pending<I, A>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        batches.increment();
        items.add(batch.size());
        List<I> sent = batch.stream().map(pending -> pending.item).toList();
        try {
            List<A> answers = sender.send(peer, sent);
            if (answers.size() != batch.size()) {
                throw new InvalidBatchAnswerException("node " + peer + " answered " + answers.size()
                        + " items to a batch of " + batch.size());
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).signals.add(new Outcome<>(answers.get(i), null));
            }
        } catch (IOException | RuntimeException failed) {
            batch.forEach(pending -> pending.signals.add(new Outcome<A>(null, failed)));
        } catch (InterruptedException interrupted) {
            // only the sending caller was interrupted (the service is stopping): the others fail as unsent
            Thread.currentThread().interrupt();
            IOException unsent = new IOException("the batch carrying this call to node " + peer + " was interrupted");
            batch.forEach(pending -> pending.signals.add(new Outcome<A>(null, unsent)));
        }
    }

    /** An interrupted caller leaves the queue; if the lead had just been handed to it, it passes it on. */
    private static <I, A> void abandon(PeerQueue<I, A> queue, Pending<I, A> pending) {
        synchronized (queue) {
            queue.waiting.remove(pending);
            if (pending.signals.remove(LEAD)) {
                Pending<I, A> next = queue.waiting.peek();
                if (next == null) {
                    queue.busy = false;
                } else {
                    next.signals.add(LEAD);
                }
            }
        }
    }

    private static final class PeerQueue<I, A> {
        final ArrayDeque<Pending<I, A>> waiting = new ArrayDeque<>();
        boolean busy;
    }

    private static final class Pending<I, A> {
        final I item;
        final int bytes;
        // at most a lead and an answer are ever put here
        final BlockingQueue<Object> signals = new ArrayBlockingQueue<>(2);

        Pending(I item, int bytes) {
            this.item = item;
            this.bytes = bytes;
        }

        A result(Outcome<A> outcome) throws IOException {
            if (outcome.failure() == null) {
                return outcome.answer();
            }
            if (outcome.failure() instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) outcome.failure();
        }
    }

    private record Outcome<A>(A answer, Exception failure) {
    }
}
