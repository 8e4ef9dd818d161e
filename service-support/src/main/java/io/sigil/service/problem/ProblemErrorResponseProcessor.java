package io.sigil.service.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.sigil.json.Json;
import io.sigil.wire.Problem;
import jakarta.inject.Singleton;

/**
 * Makes the errors Micronaut raises itself (no such route, wrong method, unreadable or oversized
 * body, an unexpected exception) problem+json too, so a client never has to parse two error
 * formats. Internal errors keep their cause out of the body: it could hold anything.
 */
@Primary
@Singleton
final class ProblemErrorResponseProcessor implements ErrorResponseProcessor<String> {

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String detail;
        if (status.getCode() >= 500) {
            detail = "the service failed to handle the request; see its log";
        } else {
            detail = context.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason());
        }
        Problem problem = new Problem(Problem.TYPE_PREFIX + ProblemResponses.slugFor(status), status.getReason(),
                status.getCode(), detail, context.getRequest().getPath());
        return response.contentType(ProblemResponses.PROBLEM_JSON).body(Json.write(problem));
    }
}
