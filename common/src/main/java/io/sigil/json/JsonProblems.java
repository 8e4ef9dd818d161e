package io.sigil.json;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * Jackson's complaint about a document, as a sentence for the person who wrote it: which field
 * (as a path such as {@code shards[1].nodeId}), and what is wrong with it. Never Jackson's own
 * message, which names Java classes and echoes input; never the value itself.
 */
public final class JsonProblems {
    private JsonProblems() {
    }

    public static String describe(JacksonException malformed) {
        String where = path(malformed);
        return switch (malformed) {
            case PropertyBindingException unknown -> "unknown field '" + unknown.getPropertyName() + "'"
                    + (where.contains(".") || where.contains("[") ? " in " + parent(where) : "")
                    + knownFields(unknown.getKnownPropertyIds());
            case MismatchedInputException mismatched when where.isEmpty() ->
                    "the document is not " + kind(mismatched.getTargetType());
            case MismatchedInputException mismatched -> "field '" + where + "' is missing, null or not "
                    + kind(mismatched.getTargetType());
            case StreamReadException syntax -> "not valid JSON" + at(syntax.getLocation());
            default -> "malformed" + (where.isEmpty() ? "" : " at field '" + where + "'");
        };
    }

    private static String knownFields(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        return " (known fields: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
    }

    private static String path(JacksonException malformed) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : malformed.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "the document" : "'" + path.substring(0, cut) + "'";
    }

    private static String at(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The JSON kind a Java type is read from, in words. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "of the expected kind";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "of the expected kind";
    }
}
