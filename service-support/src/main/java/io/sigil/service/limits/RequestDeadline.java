package io.sigil.service.limits;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Cuts a connection whose request does not arrive whole within the deadline: armed when the
 * connection opens and when a request starts, disarmed when its last content arrives. A slow
 * client (one byte every few seconds, never idle long enough for an idle timeout) is closed after
 * the deadline instead of holding a connection and a request buffer for minutes.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    private final Duration deadline;
    private final Runnable onExpiry;
    private ScheduledFuture<?> timer;

    RequestDeadline(Duration deadline, Runnable onExpiry) {
        this.deadline = deadline;
        this.onExpiry = onExpiry;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        arm(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof HttpRequest && timer == null) {
            arm(context);
        }
        if (message instanceof LastHttpContent) {
            disarm();
        }
        context.fireChannelRead(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        disarm();
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        disarm();
    }

    private void arm(ChannelHandlerContext context) {
        disarm();
        timer = context.executor().schedule(() -> {
            timer = null;
            onExpiry.run();
            context.close();
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
