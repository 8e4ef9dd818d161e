package io.sigil.service.limits;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpObjectDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.sigil.service.faults.FaultCounters;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what held-open connections can cost a service (the review: 200 trickling uploads stayed
 * open 330 s). Two rules on every accepted connection, from {@code sigil.server.*}:
 * <ul>
 *   <li>{@code max-connections}: past this many open connections a new one is closed at once
 *       (counted as {@code connection/over-limit});</li>
 *   <li>{@code request-deadline}: each request must have arrived whole (headers and body) this
 *       long after it started, and a new connection must deliver its first request within it
 *       too ({@link RequestDeadline}); a slow sender is cut ({@code connection/request-deadline}).
 *       Answers, including long event streams, are not limited by it.</li>
 * </ul>
 * Idle keep-alive connections are closed by Micronaut's {@code micronaut.server.idle-timeout}.
 */
@Singleton
final class ConnectionGuard implements BeanCreatedEventListener<NettyServerCustomizer.Registry>, NettyServerCustomizer {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    static final String HANDLER_NAME = "sigil-request-deadline";

    private final int maxConnections;
    private final Duration requestDeadline;
    private final FaultCounters counters;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionGuard(@Value("${sigil.server.max-connections:1024}") int maxConnections,
                    @Value("${sigil.server.request-deadline:30s}") Duration requestDeadline, FaultCounters counters) {
        if (maxConnections < 1 || requestDeadline.isNegative() || requestDeadline.isZero()) {
            throw new IllegalStateException("sigil.server.max-connections and sigil.server.request-deadline must be positive");
        }
        this.maxConnections = maxConnections;
        this.requestDeadline = requestDeadline;
        this.counters = counters;
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(this);
        return event.getBean();
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
        return role == ChannelRole.CONNECTION ? new OneConnection(channel) : this;
    }

    /** Connections open now (for tests and diagnostics). */
    int open() {
        return open.get();
    }

    private final class OneConnection implements NettyServerCustomizer {
        private final Channel channel;
        private boolean guarded;

        OneConnection(Channel channel) {
            this.channel = channel;
            if (open.incrementAndGet() > maxConnections) {
                counters.refused("connection", "over-limit");
                LOG.debug("closing a connection from {}: {} are open", channel.remoteAddress(), maxConnections);
                channel.close();
            }
            channel.closeFuture().addListener(closed -> open.decrementAndGet());
        }

        @Override
        public void onInitialPipelineBuilt() {
            guard();
        }

        @Override
        public void onStreamPipelineBuilt() {
            guard();
        }

        /** Puts the deadline right behind the HTTP/1 decoder, where whole requests are visible. */
        private void guard() {
            if (guarded || !channel.isOpen()) {
                return;
            }
            for (Map.Entry<String, ChannelHandler> handler : channel.pipeline()) {
                if (handler.getValue() instanceof HttpServerCodec || handler.getValue() instanceof HttpObjectDecoder) {
                    channel.pipeline().addAfter(handler.getKey(), HANDLER_NAME, new RequestDeadline(requestDeadline,
                            () -> counters.refused("connection", "request-deadline")));
                    guarded = true;
                    return;
                }
            }
        }
    }
}
