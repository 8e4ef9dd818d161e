package io.sigil.testing.openapi;

import io.sigil.registry.Role;
import io.sigil.wire.Problem;
import io.sigil.wire.auth.NodeRequestSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes the OpenAPI 3.1 document of each service ({@code docs/openapi/<service>.yaml}) from
 * {@link ServiceRoutes} and the wire records ({@link WireSchemas}). The output is deterministic,
 * so {@code OpenApiDocumentsTest} can require the committed files to equal a fresh rendering.
 */
final class OpenApiDocuments {
    static final String OPENAPI_VERSION = "3.1.0";
    static final String API_VERSION = "v1";
    /** Set to {@code true} to rewrite the committed documents instead of comparing them. */
    static final String WRITE_PROPERTY = "sigil.openapi.write";

    private static final Pattern PATH_VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");
    private static final String NODE_SECURITY = "nodeRequestSignature";
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    private OpenApiDocuments() {
    }

    static Path file(Path repository, String service) {
        return repository.resolve("docs").resolve("openapi").resolve(service + ".yaml");
    }

    /** The repository root: the first directory upward from the working directory holding mvnw and docs/. */
    static Path repositoryRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null) {
            if (Files.isRegularFile(directory.resolve("mvnw")) && Files.isDirectory(directory.resolve("docs"))) {
                return directory;
            }
            directory = directory.getParent();
        }
        throw new IllegalStateException("no repository root (mvnw and docs/) above " + Path.of("").toAbsolutePath());
    }

    static String render(String service) {
        return YAML.writeValueAsString(ordered(document(service)));
    }

    /**
     * The document with a fixed key order: insertion order where it was chosen (LinkedHashMap,
     * TreeMap), sorted keys elsewhere ({@code Map.of} iterates in an order that changes per JVM).
     */
    private static Object ordered(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = map instanceof LinkedHashMap<?, ?> || map instanceof TreeMap<?, ?>
                    ? new LinkedHashMap<>() : new TreeMap<>();
            map.forEach((key, entry) -> copy.put((String) key, ordered(entry)));
            if (!(copy instanceof LinkedHashMap<?, ?>)) {
                return new LinkedHashMap<>(copy);
            }
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(OpenApiDocuments::ordered).toList();
        }
        return value;
    }

    static void writeAll(Path repository) throws IOException {
        for (String service : ServiceRoutes.services()) {
            Path target = file(repository, service);
            Files.createDirectories(target.getParent());
            Files.writeString(target, render(service), StandardCharsets.UTF_8);
        }
    }

    /** Regenerates every document; run from the repository root or any directory below it. */
    public static void main(String[] arguments) throws IOException {
        writeAll(repositoryRoot());
    }

    static Map<String, Object> document(String service) {
        List<Route> routes = ServiceRoutes.of(service);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("openapi", OPENAPI_VERSION);
        document.put("info", info(service));
        document.put("paths", paths(routes));
        document.put("components", components(routes));
        return document;
    }

    private static Map<String, Object> info(String service) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "Sigil " + service);
        info.put("version", API_VERSION);
        info.put("description", "The HTTP API of a Sigil " + service + " process. Generated from the route table in "
                + "testing-utils (io.sigil.testing.openapi) and the wire records in common; OpenApiDocumentsTest checks "
                + "it against the routes the service serves and the records' fields. Every error is RFC 9457 "
                + "application/problem+json with a type urn:sigil:problem:<slug>; besides the answers listed, any "
                + "route can answer 404 (not-found), 405 (method-not-allowed), 415 (unsupported-media-type) and 500 "
                + "(internal-error), and every GET also answers HEAD. x-sigil-auth says who may call: none, user-signed (the account key's Ed25519 "
                + "signature is a field of the body) or node-signed (the " + NodeRequestSignature.NODE_HEADER + ", "
                + NodeRequestSignature.TIMESTAMP_HEADER + " and " + NodeRequestSignature.SIGNATURE_HEADER
                + " headers, checked against the registry; x-sigil-callers names the roles allowed).");
        return info;
    }

    private static Map<String, Object> paths(List<Route> routes) {
        Map<String, Object> paths = new TreeMap<>();
        for (Route route : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(route.path(), ignored -> new TreeMap<>());
            if (item.put(route.method().toLowerCase(), operation(route)) != null) {
                throw new IllegalStateException("route listed twice: " + route.method() + " " + route.path());
            }
        }
        return paths;
    }

    private static Map<String, Object> operation(Route route) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("operationId", operationId(route));
        operation.put("summary", route.summary());
        operation.put("description", route.description());
        switch (route.auth()) {
            case Route.Auth.None none -> {
                operation.put("x-sigil-auth", "none");
                operation.put("security", List.of());
            }
            case Route.Auth.UserSigned user -> {
                operation.put("x-sigil-auth", "user-signed");
                operation.put("security", List.of());
            }
            case Route.Auth.NodeSigned node -> {
                operation.put("x-sigil-auth", "node-signed");
                operation.put("x-sigil-callers", node.roles().stream().map(Role::wireName).sorted().toList());
                operation.put("x-sigil-caller", node.who());
                operation.put("security", List.of(Map.of(NODE_SECURITY, List.of())));
            }
        }
        List<Object> parameters = parameters(route);
        if (!parameters.isEmpty()) {
            operation.put("parameters", parameters);
        }
        if (route.requestBody() != null) {
            operation.put("requestBody", Map.of("required", true,
                    "content", Map.of("application/json", Map.of("schema", WireSchemas.reference(route.requestBody())))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        for (Route.Answer answer : route.answers()) {
            if (responses.put(Integer.toString(answer.status()), response(answer)) != null) {
                throw new IllegalStateException("status " + answer.status() + " twice on " + route.path());
            }
        }
        operation.put("responses", responses);
        return operation;
    }

    /** get /v1/signature/{requestId}/events → getSignatureRequestIdEvents. */
    static String operationId(Route route) {
        StringBuilder id = new StringBuilder(route.method().toLowerCase());
        for (String part : route.path().split("[/_{}]+")) {
            if (!part.isEmpty() && !part.equals("v1")) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }

    /** The POSTs that honour {@code Prefer: wait} (docs/client-protocol.md, manager.results.PreferWait). */
    private static final java.util.Set<String> PREFER_WAIT_PATHS = java.util.Set.of("/v1/sign_request", "/v1/new_key");

    private static List<Object> parameters(Route route) {
        List<Object> parameters = new ArrayList<>();
        Matcher variables = PATH_VARIABLE.matcher(route.path());
        while (variables.find()) {
            parameters.add(Map.of("name", variables.group(1), "in", "path", "required", true,
                    "schema", Map.of("type", "string")));
        }
        if (route.answers().stream().anyMatch(answer -> answer.body() instanceof Route.Body.EventStream)
                && route.auth() instanceof Route.Auth.NodeSigned) {
            parameters.add(Map.of("name", "Last-Event-ID", "in", "header", "required", false,
                    "description", "Resume after this envelope event id (a non-negative number).",
                    "schema", Map.of("type", "integer", "format", "int64", "minimum", 0)));
        }
        if (PREFER_WAIT_PATHS.contains(route.path()) && route.method().equals("POST")) {
            parameters.add(Map.of("name", "Prefer", "in", "header", "required", false,
                    "description", "wait=N (RFC 7240, whole seconds): answer 200 with the final status when the request "
                            + "is final within min(N, sigil.manager.answer-max-wait); otherwise, or without it, 202.",
                    "schema", Map.of("type", "string", "pattern", "^wait=[0-9]+$")));
        }
        return parameters;
    }

    private static Map<String, Object> response(Route.Answer answer) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("description", answer.description());
        if (answer.retryAfter()) {
            response.put("headers", Map.of("Retry-After", Map.of("$ref", "#/components/headers/RetryAfter")));
        }
        Map<String, Object> media = new LinkedHashMap<>();
        String mediaType = switch (answer.body()) {
            case Route.Body.Json json -> {
                media.put("schema", WireSchemas.reference(json.type()));
                yield "application/json";
            }
            case Route.Body.Named named -> {
                media.put("schema", Map.of("$ref", "#/components/schemas/" + named.schema()));
                yield "application/json";
            }
            case Route.Body.Problem problem -> {
                Map<String, Object> narrowed = new LinkedHashMap<>();
                narrowed.put("type", Map.of("enum", problem.slugs().stream().map(slug -> Problem.TYPE_PREFIX + slug).toList()));
                narrowed.put("status", Map.of("const", answer.status()));
                media.put("schema", Map.of("allOf", List.of(WireSchemas.reference(Problem.class),
                        Map.of("properties", narrowed))));
                yield Problem.MEDIA_TYPE;
            }
            case Route.Body.EventStream stream -> {
                media.put("schema", Map.of("type", "string", "description", "Server-sent events (text/event-stream)."));
                media.put("x-sigil-events", stream.events());
                media.put("x-sigil-event-data", WireSchemas.reference(stream.dataType()));
                yield "text/event-stream";
            }
            case Route.Body.Text text -> {
                media.put("schema", Map.of("type", "string"));
                yield text.mediaType();
            }
        };
        response.put("content", Map.of(mediaType, media));
        return response;
    }

    private static Map<String, Object> components(List<Route> routes) {
        Set<Class<?>> roots = new LinkedHashSet<>(recordTypes(routes));
        Map<String, Object> schemas = new TreeMap<>(WireSchemas.of(roots));
        Set<String> named = new LinkedHashSet<>();
        for (Route route : routes) {
            for (Route.Answer answer : route.answers()) {
                if (answer.body() instanceof Route.Body.Named name) {
                    named.add(name.schema());
                }
            }
        }
        for (String name : named) {
            Map<String, Object> schema = ServiceRoutes.INLINE_SCHEMAS.get(name);
            if (schema == null || schemas.put(name, schema) != null) {
                throw new IllegalStateException("inline schema " + name + " is missing or clashes with a wire record");
            }
        }
        Map<String, Object> components = new LinkedHashMap<>();
        components.put("schemas", schemas);
        components.put("headers", Map.of("RetryAfter", Map.of(
                "description", "Seconds to wait before retrying.",
                "schema", Map.of("type", "integer", "minimum", 1))));
        if (routes.stream().anyMatch(route -> route.auth() instanceof Route.Auth.NodeSigned)) {
            components.put("securitySchemes", Map.of(NODE_SECURITY, Map.of(
                    "type", "apiKey", "in", "header", "name", NodeRequestSignature.SIGNATURE_HEADER,
                    "description", "Node-to-node request signature (design §7). " + NodeRequestSignature.NODE_HEADER
                            + ": the sender's registry node id; " + NodeRequestSignature.TIMESTAMP_HEADER
                            + ": signing time in epoch milliseconds (at most 60 s old, 5 s ahead); "
                            + NodeRequestSignature.NONCE_HEADER + ": 16 random bytes hex; "
                            + NodeRequestSignature.SIGNATURE_HEADER + ": base64 Ed25519 signature by the sender's "
                            + "identity key over the transcript sigil/node-request/v2 of method, path with query, "
                            + "node id, target node id, timestamp, nonce and body "
                            + "(io.sigil.wire.auth.NodeRequestSignature); a signature is accepted once.")));
        }
        return components;
    }

    /** Every record a route sends or answers with, Problem included. */
    static List<Class<?>> recordTypes(List<Route> routes) {
        List<Class<?>> types = new ArrayList<>();
        types.add(Problem.class);
        for (Route route : routes) {
            if (route.requestBody() != null) {
                types.add(route.requestBody());
            }
            for (Route.Answer answer : route.answers()) {
                switch (answer.body()) {
                    case Route.Body.Json json -> types.add(json.type());
                    case Route.Body.EventStream stream -> types.add(stream.dataType());
                    default -> {
                    }
                }
            }
        }
        return types;
    }
}
