package io.sigil.service.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Answers an {@link ApiProblemException} with its problem+json body. */
@Singleton
final class ApiProblemHandler implements ExceptionHandler<ApiProblemException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiProblemException exception) {
        var response = ProblemResponses.of(exception.toProblem(request.getPath()));
        if (exception.retryAfterSeconds() > 0) {
            response.header("Retry-After", Long.toString(exception.retryAfterSeconds()));
        }
        return response;
    }
}
