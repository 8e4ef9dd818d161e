package io.sigil.service.node;

import com.fasterxml.jackson.annotation.Nulls;
import io.sigil.json.Json;
import io.sigil.json.JsonProblems;
import io.sigil.service.problem.ApiProblemException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies read with the project's strict JSON ({@link Json}): unknown fields, trailing
 * tokens and missing primitives are refused with a {@code 400} naming the expected type. Bodies
 * are taken as bytes so that the same bytes can be checked against a node's request signature.
 *
 * <p>Scalars must also have their declared JSON type: Jackson would otherwise read {@code true}
 * or {@code 123} into a string field and {@code 1.5} or {@code "2"} into an int, so a body of the
 * wrong shape could pass the identifier checks behind it (the endpoint fuzz found a leader
 * relaying {@code {"userId":true,...}} and answering {@code 200}). A {@code null} inside a list
 * or map is refused too: no request has one, and code behind the parser reasonably assumes so
 * (the fuzz found {@code "excluded":[null]} in a new_party reaching {@code Set.copyOf} as a 500).
 */
public final class JsonRequests {
    private static final ObjectMapper STRICT = Json.mapper().rebuild()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual, textual -> textual
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .changeDefaultNullHandling(nulls -> nulls.withContentNulls(Nulls.FAIL))
            .build();

    private JsonRequests() {
    }

    public static <T> T parse(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ApiProblemException.badRequest("the body is empty; expected " + words(type));
        }
        T value;
        try {
            value = STRICT.readValue(body, type);
        } catch (JacksonException malformed) {
            String expected = words(type);
            List<String> absent = absentFields(body, type);
            if (absent.isEmpty()) {
                throw ApiProblemException.badRequest("the body is not " + expected + ": " + JsonProblems.describe(malformed));
            }
            // Jackson stops at the first problem; when that is one of the absent fields, the list says it already
            List<JacksonException.Reference> path = malformed.getPath();
            boolean aboutAbsent = !path.isEmpty() && absent.contains(path.getFirst().getPropertyName());
            throw ApiProblemException.badRequest("the body is not " + expected + ": missing field"
                    + (absent.size() == 1 ? " " : "s ") + String.join(", ", absent)
                    + (aboutAbsent ? "" : "; " + JsonProblems.describe(malformed)));
        }
        if (value == null) {
            throw ApiProblemException.badRequest("the body is null; expected " + words(type));
        }
        return value;
    }

    /**
     * One item of a batch body, read as strictly as a whole body ({@link #parse(byte[], Class)}):
     * a malformed item is refused with the same {@code 400} it would get alone.
     */
    public static <T> T parse(JsonNode item, Class<T> type) {
        if (item != null && item.isObject()) {
            try {
                T value = STRICT.treeToValue(item, type);
                if (value != null) {
                    return value;
                }
            } catch (JacksonException malformed) {
                // described below, from the item's bytes, exactly as the single route describes it
            }
        }
        return parse(item == null ? null : Json.writeBytes(item), type);
    }

    /** Every field of a record type that the body's object does not have, so all are named at once. */
    private static List<String> absentFields(byte[] body, Class<?> type) {
        if (!type.isRecord()) {
            return List.of();
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(body);
        } catch (JacksonException unreadable) {
            return List.of();
        }
        if (tree == null || !tree.isObject()) {
            return List.of();
        }
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .filter(name -> !tree.has(name)).toList();
    }

    /**
     * {@code NewUserBundle} as "a new user bundle": what the body should be, without a Java name.
     * Only for a refusal's message (a regular expression is compiled each time: not for every request).
     */
    private static String words(Class<?> type) {
        String spaced = type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return ("aeiou".indexOf(spaced.charAt(0)) >= 0 ? "an " : "a ") + spaced;
    }
}
