package io.sigil.service.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.sigil.wire.Problem;
import io.sigil.wire.WireFormatException;
import jakarta.inject.Singleton;

/**
 * A malformed field that reached a controller's decoding unconverted is still the caller's
 * mistake: {@code 400} naming the field, never a {@code 500}.
 */
@Singleton
final class WireFormatHandler implements ExceptionHandler<WireFormatException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, WireFormatException exception) {
        return ProblemResponses.of(new Problem(Problem.TYPE_PREFIX + "bad-request", "Bad request", 400,
                exception.getMessage(), request.getPath()));
    }
}
