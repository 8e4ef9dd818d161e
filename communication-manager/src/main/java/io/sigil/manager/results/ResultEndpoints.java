package io.sigil.manager.results;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.sse.Event;
import io.sigil.json.Json;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.service.sse.ConnectionEventLoop;
import io.sigil.wire.WireFields;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sign.SignRequestAccepted;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
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

    /**
     * The answer to an accepted {@code POST} (sign_request, new_key): {@code 202} with the request id,
     * or, when the client asked {@code Prefer: wait=N} ({@link PreferWait}), the final status as
     * {@code 200} (the body its status {@code GET} gives, with {@code Preference-Applied: wait=N})
     * if the request becomes final within N seconds and {@code maxWait}, else that same {@code 202}.
     * Nothing blocks a thread while it waits: the answer is written when the future completes.
     *
     * @param whenFinal the request's final-status future (empty only for an id unknown to the store)
     */
    public static <S> CompletableFuture<HttpResponse<String>> accepted(HttpRequest<?> http, String requestId,
                                                                        Duration maxWait,
                                                                        Supplier<Optional<CompletableFuture<S>>> whenFinal) {
        HttpResponse<String> accepted = JsonResponses.status(HttpStatus.ACCEPTED, new SignRequestAccepted(requestId));
        OptionalLong wait = PreferWait.seconds(http.getHeaders().getAll(PreferWait.PREFER));
        if (wait.isEmpty() || wait.getAsLong() == 0 || maxWait.isZero()) {
            return CompletableFuture.completedFuture(accepted);
        }
        Optional<CompletableFuture<S>> finished = whenFinal.get();
        if (finished.isEmpty()) {
            return CompletableFuture.completedFuture(accepted);
        }
        long waitMillis = Math.min(TimeUnit.SECONDS.toMillis(wait.getAsLong()), maxWait.toMillis());
        String applied = "wait=" + wait.getAsLong();
        // a dependent stage: its timeout completes only this answer, never the shared future of other waiters
        return finished.get().<HttpResponse<String>>thenApply(status -> JsonResponses.ok(status)
                        .header(PreferWait.PREFERENCE_APPLIED, applied))
                .completeOnTimeout(accepted, waitMillis, TimeUnit.MILLISECONDS);
    }
}
