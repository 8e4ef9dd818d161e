package io.sigil.manager.results;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.sse.Event;
import io.sigil.json.Json;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.service.sse.ConnectionEventLoop;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** What the result endpoints of sign_request and new_key share: id checks and the one-event status stream. */
public final class ResultEndpoints {
    private ResultEndpoints() {
    }

    /** The path's request id, or {@code 400}. */
    public static String checkedId(String requestId) {
        try {
            return WireFields.identifier("requestId", requestId);
        } catch (WireFormatException malformed) {
            throw ApiProblemException.badRequest(malformed.getMessage());
        }
    }

    public static ApiProblemException unknown(String what, String requestId) {
        return ApiProblemException.notFound("no " + what + " " + WireFields.printable(requestId));
    }

    /**
     * One {@code status} event when {@code finished} completes, or the still-pending {@code current}
     * status after {@code maxWait}; then the stream ends.
     */
    public static <S> Publisher<Event<String>> statusEvents(HttpRequest<?> request, CompletableFuture<S> finished,
                                                            Duration maxWait, Callable<S> current,
                                                            Function<S, String> statusName) {
        return ConnectionEventLoop.emitOn(request, Mono.fromFuture(finished, true)
                .timeout(maxWait, Mono.fromCallable(current))
                .map(status -> Event.of(Json.write(status)).name("status").id(statusName.apply(status))));
    }
}
