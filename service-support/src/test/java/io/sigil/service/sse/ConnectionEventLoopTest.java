package io.sigil.service.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The race behind Micronaut's {@code onNext before request?}, modelled without a server: a
 * single-thread "event loop", and a response handler that, like Micronaut's, runs an element
 * that arrives from another thread as a queued task on the loop, and fails if that task runs
 * after the loop has handled the client's disconnect (cancelled the stream).
 */
class ConnectionEventLoopTest {
    private final ExecutorService loop = Executors.newSingleThreadExecutor(task -> new Thread(task, "event-loop"));

    @AfterEach
    void stop() {
        loop.shutdownNow();
    }

    @Test
    void withoutItAnElementQueuedBeforeTheDisconnectReachesTheHandlerAfterIt() throws Exception {
        assertEquals(List.of("element after the disconnect"), race(source -> source));
    }

    @Test
    void onTheEventLoopAnElementEitherLeavesBeforeTheDisconnectOrNeverReachesTheHandler() throws Exception {
        assertEquals(List.of(), race(source -> ConnectionEventLoop.emitOn(loop, source)));
    }

    @Test
    void elementsArriveOnTheLoopInOrderAndNoFasterThanRequested() throws Exception {
        Flux<Integer> source = Flux.range(1, 20);
        List<Integer> received = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        ConnectionEventLoop.emitOn(loop, source).subscribe(new Subscriber<>() {
            private Subscription subscription;
            private long outstanding;

            @Override
            public void onSubscribe(Subscription subscription) {
                this.subscription = subscription;
                outstanding = 1;
                subscription.request(1);
            }

            @Override
            public void onNext(Integer value) {
                if (!Thread.currentThread().getName().equals("event-loop")) {
                    problems.add(value + " on " + Thread.currentThread().getName());
                }
                if (--outstanding < 0) {
                    problems.add(value + " before it was requested");
                }
                received.add(value);
                outstanding++;
                subscription.request(1);
            }

            @Override
            public void onError(Throwable failure) {
                problems.add(failure.toString());
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(), problems);
        assertEquals(Flux.range(1, 20).collectList().block(), received);
    }

    interface Wrapping {
        Publisher<String> wrap(Publisher<String> source);
    }

    /**
     * The loop is busy; meanwhile the client disconnects (its handling is queued on the loop
     * first), and then the session publishes an element from its own thread. Returns what the
     * handler saw that it must not: elements that ran after the disconnect was handled.
     */
    private List<String> race(Wrapping wrapping) throws Exception {
        AtomicReference<FluxSink<String>> sink = new AtomicReference<>();
        Publisher<String> source = Flux.create(sink::set, FluxSink.OverflowStrategy.BUFFER);
        LoopHandler handler = new LoopHandler();
        wrapping.wrap(source).subscribe(handler);
        loop.submit(() -> { }).get(); // subscribed, first element requested

        CountDownLatch busy = new CountDownLatch(1);
        loop.submit(() -> await(busy));
        loop.submit(handler::disconnect);
        sink.get().next("element after the disconnect");
        busy.countDown();
        loop.submit(() -> { }).get(5, TimeUnit.SECONDS); // everything queued so far has run
        return handler.violations;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Micronaut's streaming handler in miniature: elements run on the loop; a disconnect cancels. */
    private final class LoopHandler implements Subscriber<String> {
        final List<String> violations = new CopyOnWriteArrayList<>();
        private volatile Subscription subscription;
        private boolean disconnected;

        @Override
        public void onSubscribe(Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(String element) {
            if (Thread.currentThread().getName().equals("event-loop")) {
                write(element);
            } else {
                loop.execute(() -> write(element));
            }
        }

        private void write(String element) {
            if (disconnected) {
                violations.add(element); // Micronaut: IllegalStateException("onNext before request?")
            }
        }

        void disconnect() {
            disconnected = true;
            subscription.cancel();
        }

        @Override
        public void onError(Throwable failure) {
        }

        @Override
        public void onComplete() {
        }
    }
}
