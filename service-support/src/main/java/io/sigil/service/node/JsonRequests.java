package io.sigil.service.node;

import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.service.problem.ApiProblemException;

/**
 * Request bodies read with the project's strict JSON ({@link Json}): unknown fields, trailing
 * tokens and missing primitives are refused with a {@code 400} naming the expected type. Bodies
 * are taken as bytes so that the same bytes can be checked against a node's request signature.
 */
public final class JsonRequests {
    private JsonRequests() {
    }

    public static <T> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ApiProblemException.badRequest("the body is empty; expected a " + type.getSimpleName());
        }
        try {
            T value = Json.read(body, type);
            if (value == null) {
                throw ApiProblemException.badRequest("the body is null; expected a " + type.getSimpleName());
            }
            return value;
        } catch (JsonFormatException malformed) {
            throw ApiProblemException.badRequest("the body is not a " + type.getSimpleName() + ": " + malformed.getMessage());
        }
    }
}
