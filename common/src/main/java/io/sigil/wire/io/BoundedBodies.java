package io.sigil.wire.io;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * JDK HTTP client body handlers that read at most a fixed number of bytes: past the bound the
 * connection is cancelled and the exchange fails with {@link OversizedInputException}, instead of
 * {@code BodyHandlers.ofByteArray()} buffering whatever a peer sends until the heap is gone.
 */
public final class BoundedBodies {
    /** The default bound for a JSON answer between services (the largest, a relay answer, is a few kB). */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    private BoundedBodies() {
    }

    /** The whole body as bytes, refused past {@code maxBytes}. */
    public static HttpResponse.BodyHandler<byte[]> ofByteArray(int maxBytes) {
        return info -> new Subscriber(maxBytes);
    }

    private static final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final int maxBytes;
        private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Subscriber(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                if ((long) collected.size() + buffer.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new OversizedInputException("the answer body", maxBytes));
                    return;
                }
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                collected.writeBytes(bytes);
            }
        }

        @Override
        public void onError(Throwable failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            result.complete(collected.toByteArray());
        }
    }
}
