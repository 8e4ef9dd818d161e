package io.sigil.node.transport;

import java.util.Set;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.sse.Event;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.service.sse.ConnectionEventLoop;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.envelope.SignedEnvelope;
import org.reactivestreams.Publisher;

/**
 * {@code GET /v1/subscribe/{session}}: a party peer reads what this node says to it in a
 * session (design §6), as server-sent events. The request is signed by the subscriber (empty
 * body); only signing nodes of the party are served. Nothing here blocks: authentication is
 * one signature check, and the stream is fed by the outbox.
 */
@Controller("/v1")
final class SubscribeController {
    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final NodeRequestAuthenticator authenticator;
    private final SessionTransports transports;

    SubscribeController(NodeRequestAuthenticator authenticator, SessionTransports transports) {
        this.authenticator = authenticator;
        this.transports = transports;
    }

    @Get(value = "/subscribe/{session}", produces = MediaType.TEXT_EVENT_STREAM)
    Publisher<Event<String>> subscribe(@PathVariable String session, HttpRequest<?> request,
                                       @Nullable @Header(LAST_EVENT_ID) String lastEventId) {
        byte[] sessionId;
        try {
            sessionId = WireFields.hex("session", session, SignedEnvelope.SESSION_BYTES);
        } catch (WireFormatException malformed) {
            throw ApiProblemException.badRequest(malformed.getMessage());
        }
        NodeEntry subscriber = authenticator.authenticate(request, new byte[0], Set.of(Role.SIGNING_CLIENT));
        return ConnectionEventLoop.emitOn(request,
                transports.subscribe(SessionTransports.key(sessionId), subscriber.id(), parseLastEventId(lastEventId)));
    }

    private static long parseLastEventId(String header) {
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
            throw ApiProblemException.badRequest(LAST_EVENT_ID + " must be a non-negative event number");
        }
    }
}
