package io.sigil.testing.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.web.router.Router;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.json.Json;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps docs/openapi honest: the committed documents are exactly what the generator writes
 * (with {@code -Dsigil.openapi.write=true} it rewrites them instead), each document lists exactly
 * the routes its service serves in a running devnet, every wire schema has exactly its record's
 * fields, and the unauthenticated JSON answers of the running services have the documented fields.
 */
class OpenApiDocumentsTest {
    private static final Pattern REFERENCE = Pattern.compile("\"\\$ref\":\"#/components/([a-zA-Z]+)/([^\"]+)\"");

    @TempDir
    static Path directory;

    private static Devnet devnet;
    private static final Path REPOSITORY = OpenApiDocuments.repositoryRoot();

    @BeforeAll
    static void start() throws Exception {
        if (Boolean.getBoolean(OpenApiDocuments.WRITE_PROPERTY)) {
            OpenApiDocuments.writeAll(REPOSITORY);
        }
        // Two committees of one node, one leader each, one manager: every service, five contexts.
        devnet = Devnet.start(directory, new DevnetPlan(2, 1, 2, 1, 0));
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    @Test
    void theCommittedDocumentsAreWhatTheGeneratorWrites() throws Exception {
        for (String service : ServiceRoutes.services()) {
            Path file = OpenApiDocuments.file(REPOSITORY, service);
            assertThat(file).as("%s is missing; run the test with -D%s=true", file, OpenApiDocuments.WRITE_PROPERTY)
                    .exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as("%s is stale; regenerate with -D%s=true", file, OpenApiDocuments.WRITE_PROPERTY)
                    .isEqualTo(OpenApiDocuments.render(service));
        }
    }

    @Test
    void eachDocumentListsExactlyTheRoutesItsServiceServes() throws Exception {
        for (String service : ServiceRoutes.services()) {
            Set<String> documented = new TreeSet<>();
            committed(service).path("paths").properties().forEach(path -> path.getValue().propertyNames()
                    .forEach(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
            Set<String> table = ServiceRoutes.of(service).stream().map(route -> route.method() + " " + route.path())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(documented).as("routes documented for %s", service).isEqualTo(table);
            List<DevnetNode> nodes = devnet.layout().nodes().stream()
                    .filter(node -> node.service().wireName().equals(service)).toList();
            assertThat(nodes).as("devnet nodes of %s", service).isNotEmpty();
            for (DevnetNode node : nodes) {
                Set<String> served = devnet.context(node.id()).getBean(Router.class).uriRoutes()
                        .map(route -> route.getHttpMethodName() + " " + route.getUriMatchTemplate().toString())
                        .collect(Collectors.toCollection(TreeSet::new));
                // Micronaut adds a HEAD route for every GET; the documents list the GETs only.
                Set<String> heads = served.stream().filter(route -> route.startsWith("HEAD "))
                        .map(route -> "GET " + route.substring("HEAD ".length()))
                        .collect(Collectors.toCollection(TreeSet::new));
                served.removeIf(route -> route.startsWith("HEAD "));
                assertThat(heads).as("HEAD routes of %s are its GET routes", node.id())
                        .isEqualTo(served.stream().filter(route -> route.startsWith("GET "))
                                .collect(Collectors.toCollection(TreeSet::new)));
                assertThat(served).as("routes %s (%s) serves vs docs/openapi/%s.yaml", node.id(), service, service)
                        .isEqualTo(documented);
            }
        }
    }

    @Test
    void everyWireSchemaHasExactlyItsRecordsFields() throws Exception {
        for (String service : ServiceRoutes.services()) {
            JsonNodeView schemas = new JsonNodeView(committed(service).path("components").path("schemas"));
            Set<String> expectedNames = new TreeSet<>(ServiceRoutes.INLINE_SCHEMAS.keySet().stream()
                    .filter(schemas::has).toList());
            for (Class<?> record : reachableRecords(OpenApiDocuments.recordTypes(ServiceRoutes.of(service)))) {
                String name = WireSchemas.name(record);
                expectedNames.add(name);
                assertThat(schemas.has(name)).as("%s documents %s", service, name).isTrue();
                List<String> fields = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
                assertThat(schemas.propertyNames(name)).as("%s: properties of %s", service, name)
                        .containsExactlyElementsOf(fields);
                Set<String> optional = WireSchemas.OPTIONAL.getOrDefault(record, Set.of());
                assertThat(fields).as("optional fields of %s are fields", name).containsAll(optional);
                List<String> required = fields.stream().filter(field -> !optional.contains(field)).toList();
                assertThat(schemas.required(name)).as("%s: required of %s", service, name)
                        .containsExactlyElementsOf(required);
                for (RecordComponent component : record.getRecordComponents()) {
                    if (component.getType().isPrimitive()) {
                        assertThat(required).as("primitive %s.%s must be required: the mapper refuses it absent",
                                name, component.getName()).contains(component.getName());
                    }
                }
            }
            assertThat(new TreeSet<>(schemas.names())).as("%s: schemas without a record or inline definition", service)
                    .isEqualTo(expectedNames);
        }
    }

    @Test
    void everyReferenceResolves() throws Exception {
        for (String service : ServiceRoutes.services()) {
            var document = committed(service);
            Matcher references = REFERENCE.matcher(Json.write(document));
            int count = 0;
            while (references.find()) {
                count++;
                assertThat(document.path("components").path(references.group(1)).has(references.group(2)))
                        .as("%s: $ref %s/%s", service, references.group(1), references.group(2)).isTrue();
            }
            assertThat(count).as("%s has references", service).isPositive();
        }
    }

    /** Every GET that needs no signature and no path variable answers JSON with the documented fields. */
    @Test
    void unauthenticatedAnswersHaveTheDocumentedFields() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        int checked = 0;
        for (String service : ServiceRoutes.services()) {
            JsonNodeView schemas = new JsonNodeView(committed(service).path("components").path("schemas"));
            DevnetNode node = devnet.layout().nodes().stream()
                    .filter(candidate -> candidate.service().wireName().equals(service)).findFirst().orElseThrow();
            for (Route route : ServiceRoutes.of(service)) {
                if (!route.method().equals("GET") || !(route.auth() instanceof Route.Auth.None)
                        || route.path().contains("{")) {
                    continue;
                }
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(node.url() + route.path()))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                Route.Answer documented = route.answers().stream().filter(a -> a.status() == answer.statusCode())
                        .findFirst().orElse(null);
                assertThat(documented).as("%s %s answered %d, which is not documented", service, route.path(),
                        answer.statusCode()).isNotNull();
                String schema = switch (documented.body()) {
                    case Route.Body.Json json -> WireSchemas.name(json.type());
                    case Route.Body.Named named -> named.schema();
                    default -> null;
                };
                if (schema == null) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> body = Json.read(answer.body(), Map.class);
                assertThat(body.keySet()).as("%s %s fields", service, route.path())
                        .containsExactlyInAnyOrderElementsOf(schemas.propertyNames(schema));
                checked++;
            }
        }
        assertThat(checked).as("answers checked").isGreaterThanOrEqualTo(3 * 5 + 2);
    }

    private static tools.jackson.databind.JsonNode committed(String service) throws Exception {
        return Json.yamlMapper().readTree(Files.readString(OpenApiDocuments.file(REPOSITORY, service)));
    }

    /** {@code roots} and every record their components reach (lists and map values included). */
    private static List<Class<?>> reachableRecords(List<Class<?>> roots) {
        List<Class<?>> pending = new ArrayList<>(roots);
        Set<Class<?>> seen = new HashSet<>();
        List<Class<?>> reached = new ArrayList<>();
        while (!pending.isEmpty()) {
            Class<?> type = pending.removeLast();
            if (!seen.add(type)) {
                continue;
            }
            reached.add(type);
            for (RecordComponent component : type.getRecordComponents()) {
                String generic = component.getGenericType().getTypeName();
                for (String name : generic.split("[<>, ]+")) {
                    try {
                        Class<?> candidate = Class.forName(name, false, type.getClassLoader());
                        if (candidate.isRecord()) {
                            pending.add(candidate);
                        }
                    } catch (ClassNotFoundException notAClass) {
                        // a primitive or type variable: no record there
                    }
                }
            }
        }
        return reached;
    }

    /** Reads components/schemas of a parsed document. */
    private record JsonNodeView(tools.jackson.databind.JsonNode schemas) {
        boolean has(String name) {
            return schemas.has(name);
        }

        List<String> names() {
            return new ArrayList<>(schemas.propertyNames());
        }

        List<String> propertyNames(String name) {
            return new ArrayList<>(schemas.path(name).path("properties").propertyNames());
        }

        List<String> required(String name) {
            List<String> required = new ArrayList<>();
            schemas.path(name).path("required").forEach(field -> required.add(field.asString()));
            return required;
        }
    }

}
