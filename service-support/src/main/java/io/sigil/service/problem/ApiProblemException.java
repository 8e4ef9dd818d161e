package io.sigil.service.problem;

import io.micronaut.http.HttpStatus;
import io.sigil.wire.Problem;

/**
 * A request the service refuses, with the RFC 9457 fields it is answered with. Controllers throw
 * it; {@link ApiProblemHandler} writes it. The detail must name what is wrong with the request
 * and never echo secret material.
 */
public class ApiProblemException extends RuntimeException {
    private final HttpStatus status;
    private final String slug;
    private final String title;
    private long retryAfterSeconds;

    public ApiProblemException(HttpStatus status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public static ApiProblemException badRequest(String detail) {
        return new ApiProblemException(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
    }

    public static ApiProblemException notFound(String detail) {
        return new ApiProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
    }

    public static ApiProblemException forbidden(String detail) {
        return new ApiProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public static ApiProblemException unauthorized(String detail) {
        return new ApiProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
    }

    public static ApiProblemException conflict(String detail) {
        return new ApiProblemException(HttpStatus.CONFLICT, "conflict", "Conflict", detail);
    }

    public static ApiProblemException unprocessable(String slug, String title, String detail) {
        return new ApiProblemException(HttpStatus.UNPROCESSABLE_ENTITY, slug, title, detail);
    }

    public static ApiProblemException gone(String detail) {
        return new ApiProblemException(HttpStatus.GONE, "gone", "Gone", detail);
    }

    public static ApiProblemException unavailable(String detail) {
        return new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Service unavailable", detail);
    }

    /** {@code 503} with a {@code Retry-After} header: the request is fine, the service is busy now. */
    public static ApiProblemException retryLater(String detail, long retryAfterSeconds) {
        ApiProblemException busy = unavailable(detail);
        busy.retryAfterSeconds = retryAfterSeconds;
        return busy;
    }

    /** {@code 503} with a {@code Retry-After} header and its own problem type {@code slug}. */
    public static ApiProblemException retryLater(String slug, String title, String detail, long retryAfterSeconds) {
        ApiProblemException busy = new ApiProblemException(HttpStatus.SERVICE_UNAVAILABLE, slug, title, detail);
        busy.retryAfterSeconds = retryAfterSeconds;
        return busy;
    }

    /** {@code 429} with a {@code Retry-After} header: this caller asked too often; it may ask again later. */
    public static ApiProblemException tooManyRequests(String slug, String detail, long retryAfterSeconds) {
        ApiProblemException limited = new ApiProblemException(HttpStatus.TOO_MANY_REQUESTS, slug, "Too many requests", detail);
        limited.retryAfterSeconds = retryAfterSeconds;
        return limited;
    }

    /** Seconds for a {@code Retry-After} header, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.TYPE_PREFIX + slug, title, status.getCode(), getMessage(), instance);
    }
}
