package io.sigil.service.node;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.sigil.json.Json;

/**
 * Responses written with the project's one JSON configuration ({@link Json}), so the services
 * and the SDK agree byte for byte on the wire types in {@code common}.
 */
public final class JsonResponses {
    private JsonResponses() {
    }

    public static MutableHttpResponse<String> ok(Object body) {
        return status(HttpStatus.OK, body);
    }

    public static MutableHttpResponse<String> status(HttpStatus status, Object body) {
        return HttpResponse.<String>status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(Json.write(body));
    }
}
