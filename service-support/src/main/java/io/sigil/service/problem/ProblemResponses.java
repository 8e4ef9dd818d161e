package io.sigil.service.problem;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.sigil.json.Json;
import io.sigil.wire.Problem;

/** Writes {@link Problem} bodies as {@code application/problem+json}. */
public final class ProblemResponses {
    public static final MediaType PROBLEM_JSON = MediaType.of(Problem.MEDIA_TYPE);

    private ProblemResponses() {
    }

    public static MutableHttpResponse<String> of(Problem problem) {
        return HttpResponse.<String>status(HttpStatus.valueOf(problem.status()))
                .contentType(PROBLEM_JSON)
                .body(Json.write(problem));
    }

    /** A slug for a status Micronaut itself raised (no route, wrong method, body too large...). */
    static String slugFor(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case REQUEST_ENTITY_TOO_LARGE -> "payload-too-large";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "forbidden";
            case SERVICE_UNAVAILABLE -> "unavailable";
            case TOO_MANY_REQUESTS -> "too-many-requests";
            default -> status.getCode() >= 500 ? "internal-error" : "bad-request";
        };
    }
}
