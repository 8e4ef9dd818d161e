package io.sigil.client;

import io.sigil.json.Json;
import io.sigil.wire.io.BoundedLines;
import io.sigil.wire.io.OversizedInputException;
import io.sigil.wire.sse.SseParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a manager's one-event status streams ({@code GET /v1/signature/{id}/events},
 * {@code GET /v1/new_key/{id}/events}) with the JDK client: the manager sends one {@code status}
 * event (when the request is final, or the still-pending status after its own maximum wait) and
 * ends the stream. Only the first status event of a connection is used; it is read as {@code S}.
 */
public final class StatusEvents<S> implements AutoCloseable {
    private final HttpClient http;

    /** The stream cannot be used (not served, refused, broken, malformed); the caller polls instead. */
    public static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SigilHttp sdk;
    private final Class<S> type;

    public StatusEvents(SigilHttp sdk, Duration connectTimeout, Class<S> type) {
        this.sdk = sdk;
        this.type = type;
        // HTTP/1.1: a long-lived stream per waiting request; no h2c upgrade dance on plain http.
        // The SDK's trust (CA bundle, hostname verification) applies to the stream too.
        this.http = sdk.clientBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The first status event on one connection to {@code uri}, or empty when {@code wait} passed
     * (or the stream ended) without one.
     */
    public Optional<S> next(URI uri, Duration wait) throws UnavailableException, InterruptedException {
        try {
            sdk.requireSecure(uri);
        } catch (SigilApiException plainHttp) {
            throw new UnavailableException(plainHttp.getMessage(), plainHttp);
        }
        EventParser<S> parser = new EventParser<>(type);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
        CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(request, info -> {
            String type = info.headers().firstValue("Content-Type").orElse("");
            if (info.statusCode() != 200 || !type.startsWith("text/event-stream")) {
                parser.refuse("answered " + info.statusCode() + " " + type);
                return HttpResponse.BodySubscribers.discarding();
            }
            return HttpResponse.BodySubscribers.fromSubscriber(parser);
        });
        exchange.whenComplete((response, failure) -> {
            if (failure != null) {
                parser.fail(failure);
            }
        });
        try {
            return Optional.ofNullable(parser.firstStatus().get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS));
        } catch (TimeoutException waitedEnough) {
            return Optional.empty();
        } catch (ExecutionException | CancellationException broken) {
            Throwable cause = broken.getCause() == null ? broken : broken.getCause();
            throw new UnavailableException("the event stream " + uri + " failed: " + cause.getMessage(), cause);
        } finally {
            parser.stop();
            exchange.cancel(true);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * Reads the stream with the shared server-sent-event parser, lines bounded (a manager that
     * sends an endless line fails the wait instead of the client's heap); the first {@code status}
     * event is the answer.
     */
    private static final class EventParser<S> implements Flow.Subscriber<List<ByteBuffer>> {
        /** A status event is a few hundred bytes; this leaves room for any message the manager echoes. */
        private static final int MAX_LINE_BYTES = 1 << 20;
        private final Class<S> type;
        private final CompletableFuture<S> firstStatus = new CompletableFuture<>();
        private final SseParser parser = new SseParser(this::dispatch);
        private final BoundedLines lines = new BoundedLines(MAX_LINE_BYTES, line -> {
            parser.line(line);
            return !firstStatus.isDone();
        });
        private volatile Flow.Subscription subscription;

        EventParser(Class<S> type) {
            this.type = type;
        }

        CompletableFuture<S> firstStatus() {
            return firstStatus;
        }

        void refuse(String why) {
            firstStatus.completeExceptionally(new IllegalStateException(why));
        }

        void fail(Throwable failure) {
            firstStatus.completeExceptionally(failure);
        }

        void stop() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            try {
                for (ByteBuffer buffer : buffers) {
                    if (!lines.feed(buffer)) {
                        stop();
                        return;
                    }
                }
            } catch (OversizedInputException | SseParser.OversizedEventException oversized) {
                firstStatus.completeExceptionally(oversized);
                stop();
            }
        }

        /** An unnamed event counts as the status too (id and retry do not matter for one event per connection). */
        private void dispatch(SseParser.SseEvent event) {
            if (event.data().isEmpty() || !(event.name().equals("status") || event.name().equals("message"))) {
                return;
            }
            try {
                firstStatus.complete(Json.read(event.data(), type));
            } catch (RuntimeException malformed) {
                firstStatus.completeExceptionally(malformed);
            }
            stop();
        }

        @Override
        public void onError(Throwable failure) {
            firstStatus.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            lines.finish();
            parser.endOfStream();
            firstStatus.complete(null);
        }
    }
}
