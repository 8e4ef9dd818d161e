package io.sigil.json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The one JSON (and YAML) configuration of the project: strict on input (unknown fields and
 * trailing tokens are errors, so a typo in a registry or a request is reported rather than
 * ignored), deterministic on output.
 */
public final class Json {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final ObjectMapper PRETTY = JSON.rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private Json() {
    }

    public static ObjectMapper mapper() {
        return JSON;
    }

    public static ObjectMapper yamlMapper() {
        return YAML;
    }

    public static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    public static String writePretty(Object value) {
        return PRETTY.writeValueAsString(value);
    }

    public static byte[] writeBytes(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    /** Parses JSON into {@code type}; a malformed document raises {@link JsonFormatException}. */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JacksonException malformed) {
            throw new JsonFormatException(JsonProblems.describe(malformed), malformed);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JacksonException malformed) {
            throw new JsonFormatException(JsonProblems.describe(malformed), malformed);
        }
    }

    public static <T> T readYaml(String yaml, Class<T> type) {
        try {
            return YAML.readValue(yaml, type);
        } catch (JacksonException malformed) {
            throw new JsonFormatException(JsonProblems.describe(malformed), malformed);
        }
    }
}
