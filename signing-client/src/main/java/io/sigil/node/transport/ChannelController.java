package io.sigil.node.transport;

import java.util.Set;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.service.sse.ConnectionEventLoop;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import org.reactivestreams.Publisher;

/**
 * {@code GET /v1/channel}: a signing node reads everything this node says to it, in every session,
 * as one binary stream of {@link ChannelFrame}s (docs/design.md §6). The
 * request is signed by the reader (empty body); only signing nodes are served, and each only what
 * is addressed to it. {@code Last-Event-ID} with {@code Sigil-Channel-Incarnation} resumes after
 * the last frame received. Nothing here blocks: authentication is one signature check, and the
 * stream is fed by the channel's outbox.
 */
@Controller("/v1")
final class ChannelController {
    private final NodeRequestAuthenticator authenticator;
    private final SessionTransports transports;
    private final FaultCounters counters;

    ChannelController(NodeRequestAuthenticator authenticator, SessionTransports transports, FaultCounters counters) {
        this.authenticator = authenticator;
        this.transports = transports;
        this.counters = counters;
    }

    @Get(value = "/channel", produces = MediaType.APPLICATION_OCTET_STREAM)
    Publisher<byte[]> channel(HttpRequest<?> request,
                              @Nullable @Header(PeerChannel.LAST_EVENT_ID) String lastEventId,
                              @Nullable @Header(PeerChannel.INCARNATION_HEADER) String incarnation) {
        long cursor = parseCursor(lastEventId);
        byte[] resumes;
        try {
            resumes = incarnation == null || incarnation.isBlank() ? null
                    : WireFields.hex(PeerChannel.INCARNATION_HEADER, incarnation.strip(), ChannelFrame.INCARNATION_BYTES);
        } catch (WireFormatException malformed) {
            throw ApiProblemException.badRequest(malformed.getMessage());
        }
        NodeEntry reader = authenticator.authenticate(request, new byte[0], Set.of(Role.SIGNING_CLIENT));
        ChannelStream stream;
        try {
            stream = transports.stream(reader.id(), cursor, resumes);
        } catch (IllegalArgumentException beyond) {
            counters.refused("channel", "bad-last-event-id");
            throw ApiProblemException.badRequest(PeerChannel.LAST_EVENT_ID + ": " + beyond.getMessage());
        }
        return ConnectionEventLoop.emitOn(request, stream.flux());
    }

    private static long parseCursor(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(header.strip());
            if (id < 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException malformed) {
            throw ApiProblemException.badRequest(PeerChannel.LAST_EVENT_ID + " must be a non-negative frame number");
        }
    }
}
