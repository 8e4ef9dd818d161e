package io.sigil.service.sse;

import java.util.concurrent.Executor;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpRequestWrapper;
import io.micronaut.http.server.netty.NettyHttpRequest;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Delivers a server-sent-event stream on the event loop of the connection that carries it.
 *
 * <p>Why: Micronaut 5's streaming response handler hands an element that arrives from another
 * thread to the connection's event loop as a queued task. When the client disconnects in
 * between (a peer whose session just ended closes its subscription while this node publishes
 * its last events), the event loop first discards the response and cancels the stream, then
 * runs the queued element, and the handler, no longer the connection's current one, throws
 * {@code IllegalStateException: onNext before request?} (logged as a task failure, once every
 * few thousand sessions under load). Emitting on the event loop itself puts every element and
 * the cancellation on one thread in one order: an element either goes out before the
 * disconnect is handled, or the cancellation comes first and the element is never emitted.
 *
 * <p>The publisher's own demand is kept: {@code publishOn} with a prefetch of one asks the
 * source for one element at a time, so a slow reader still holds back the outbox.
 */
public final class ConnectionEventLoop {

    private ConnectionEventLoop() {
    }

    /**
     * {@code events}, re-emitted on the event loop of {@code request}'s connection. A request not
     * served by the Netty server (none in the services) passes through unchanged.
     */
    public static <T> Flux<T> emitOn(HttpRequest<?> request, Publisher<T> events) {
        HttpRequest<?> current = request;
        while (current instanceof HttpRequestWrapper<?> wrapper) {
            current = wrapper.getDelegate();
        }
        if (current instanceof NettyHttpRequest<?> netty) {
            return emitOn(netty.getChannelHandlerContext().channel().eventLoop(), events);
        }
        return Flux.from(events);
    }

    /** {@code events}, re-emitted on {@code eventLoop}, one element requested at a time. */
    static <T> Flux<T> emitOn(Executor eventLoop, Publisher<T> events) {
        return Flux.from(events).publishOn(Schedulers.fromExecutor(eventLoop), 1);
    }
}
