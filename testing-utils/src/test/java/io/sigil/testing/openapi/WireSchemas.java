package io.sigil.testing.openapi;

import io.sigil.wire.InfoResponse;
import io.sigil.wire.Problem;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import io.sigil.wire.user.NodeFailure;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JSON Schemas (OpenAPI 3.1 dialect) of the wire records, read off their components by
 * reflection, so a schema cannot say something the record does not.
 *
 * <p>How {@link io.sigil.json.Json} treats fields decides {@code required} and {@code null}: a
 * primitive component ({@code int}, {@code long}, {@code boolean}) must be present and not null
 * (FAIL_ON_NULL_FOR_PRIMITIVES; an absent one is refused too); a reference component may be
 * absent or null as far as the mapper goes, and every component is written, null included. The
 * services' own checks refuse a null in most reference fields, so only the fields listed in
 * {@link #OPTIONAL} are documented as optional (nullable); all others are {@code required}.
 */
final class WireSchemas {
    /** Components a service accepts or sends as null: the record's meaning allows their absence. */
    static final Map<Class<?>, Set<String>> OPTIONAL = Map.of(
            Problem.class, Set.of("instance"),
            InfoResponse.class, Set.of("committee"),
            SignRequest.class, Set.of("messageHash", "message", "hashRule"),
            SignatureStatus.class, Set.of("r", "s", "v", "signature", "reason"),
            SessionReport.class, Set.of("r", "s", "v", "signature", "reason", "culprits"),
            NodeFailure.class, Set.of("detail"));

    private WireSchemas() {
    }

    /** The name a record has under {@code components/schemas}: nested records keep their outer name. */
    static String name(Class<?> type) {
        Class<?> outer = type.getEnclosingClass();
        return outer == null ? type.getSimpleName() : name(outer) + "." + type.getSimpleName();
    }

    /** {@code #/components/schemas/<name>}. */
    static Map<String, Object> reference(Class<?> type) {
        return Map.of("$ref", "#/components/schemas/" + name(type));
    }

    /** Schemas of {@code roots} and every record they reach, sorted by name. */
    static Map<String, Map<String, Object>> of(Iterable<Class<?>> roots) {
        Map<String, Map<String, Object>> schemas = new TreeMap<>();
        Map<String, Class<?>> owners = new TreeMap<>();
        List<Class<?>> pending = new ArrayList<>();
        roots.forEach(pending::add);
        while (!pending.isEmpty()) {
            Class<?> type = pending.removeLast();
            Class<?> earlier = owners.putIfAbsent(name(type), type);
            if (earlier != null) {
                if (earlier != type) {
                    throw new IllegalStateException("two wire types are named " + name(type) + ": " + earlier + ", " + type);
                }
                continue;
            }
            schemas.put(name(type), schema(type, pending));
        }
        return schemas;
    }

    private static Map<String, Object> schema(Class<?> type, List<Class<?>> reached) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " is not a record; only records are wire types");
        }
        Set<String> optional = OPTIONAL.getOrDefault(type, Set.of());
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            boolean nullable = optional.contains(component.getName());
            if (nullable && component.getType().isPrimitive()) {
                throw new IllegalStateException(name(type) + "." + component.getName() + " is primitive; it cannot be null");
            }
            properties.put(component.getName(), property(component.getGenericType(), nullable, reached));
            if (!nullable) {
                required.add(component.getName());
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> property(Type type, boolean nullable, List<Class<?>> reached) {
        Map<String, Object> schema = new LinkedHashMap<>();
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
            Type[] arguments = generic.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                schema.put("type", typeName("array", nullable));
                schema.put("items", property(arguments[0], false, reached));
                return schema;
            }
            if (Map.class.isAssignableFrom(raw) && arguments[0] == String.class) {
                schema.put("type", typeName("object", nullable));
                schema.put("additionalProperties", property(arguments[1], false, reached));
                return schema;
            }
            throw new IllegalArgumentException("no JSON schema for " + type);
        }
        if (!(type instanceof Class<?> plain)) {
            throw new IllegalArgumentException("no JSON schema for " + type);
        }
        if (plain == String.class) {
            schema.put("type", typeName("string", nullable));
        } else if (plain == int.class || plain == Integer.class) {
            schema.put("type", typeName("integer", nullable));
            schema.put("format", "int32");
        } else if (plain == long.class || plain == Long.class) {
            schema.put("type", typeName("integer", nullable));
            schema.put("format", "int64");
        } else if (plain == boolean.class || plain == Boolean.class) {
            schema.put("type", typeName("boolean", nullable));
        } else if (plain.isRecord()) {
            reached.add(plain);
            if (!nullable) {
                return reference(plain);
            }
            schema.put("oneOf", List.of(reference(plain), Map.of("type", "null")));
        } else {
            throw new IllegalArgumentException("no JSON schema for " + type);
        }
        return schema;
    }

    private static Object typeName(String name, boolean nullable) {
        return nullable ? List.of(name, "null") : name;
    }
}
