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

    /**
     * Micronaut's own messages may name Java types or quote library internals (a conversion
     * failure, a Jackson message); those are replaced by the status' reason phrase.
     */
    static boolean isPlain(String message) {
        return message != null && !message.isBlank() && !INTERNALS.matcher(message).find();
    }

    private static final java.util.regex.Pattern INTERNALS = java.util.regex.Pattern.compile(
            "(\\b(java|javax|jakarta|io|tools|com|org)\\.[a-z]+\\.|Exception|\\bclass\\b|\\[[A-Z][A-Za-z]+ [a-z]|<[A-Z])");

    @Override
    public MutableHttpResponse<String> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String detail;
        if (status.getCode() >= 500) {
            detail = "the service failed to handle the request; see its log";
        } else {
            detail = context.getErrors().stream().map(Error::getMessage).filter(ProblemErrorResponseProcessor::isPlain)
                    .findFirst().orElse(status.getReason());
        }
        Problem problem = new Problem(Problem.TYPE_PREFIX + ProblemResponses.slugFor(status), status.getReason(),
                status.getCode(), detail, context.getRequest().getPath());
        return response.contentType(ProblemResponses.PROBLEM_JSON).body(Json.write(problem));
    }
}
