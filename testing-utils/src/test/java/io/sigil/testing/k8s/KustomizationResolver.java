package io.sigil.testing.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sigil.json.Json;

/**
 * What {@code kubectl kustomize} would build, for the subset of kustomize the project uses
 * ({@code resources}, {@code namespace}, {@code labels} without selectors, {@code images} tags),
 * so the manifest test runs without kubectl. Any other kustomization field fails the build
 * rather than being silently ignored, as do file resources outside the kustomization's
 * directory (kustomize's load restrictor) and two objects with the same kind and name.
 */
final class KustomizationResolver {
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "labels", "images");
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KustomizationResolver() {
    }

    /** Every object the kustomization in {@code directory} produces, in order. */
    static List<HasMetadata> build(Path directory) throws IOException {
        List<HasMetadata> objects = resolve(directory.toAbsolutePath().normalize(), new HashSet<>());
        Set<String> seen = new HashSet<>();
        for (HasMetadata object : objects) {
            if (!seen.add(object.getKind() + "/" + object.getMetadata().getName())) {
                throw new IllegalStateException("two objects named " + object.getKind() + "/" + object.getMetadata().getName());
            }
        }
        return objects;
    }

    /** Parses one YAML file holding one or more Kubernetes objects. */
    static List<HasMetadata> parseFile(Path file) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(Files.readString(file))) {
            if (document.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            Object parsed = SERIALIZATION.unmarshal(document);
            if (!(parsed instanceof HasMetadata object)) {
                throw new IllegalStateException(file + " holds something that is not a Kubernetes object: " + parsed);
            }
            UnknownFields.requireNone(object, file + " " + object.getKind() + "/" + object.getMetadata().getName());
            objects.add(object);
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> resolve(Path directory, Set<Path> visiting) throws IOException {
        if (!visiting.add(directory)) {
            throw new IllegalStateException("kustomization cycle through " + directory);
        }
        Path file = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no kustomization.yaml in " + directory);
        }
        Map<String, Object> kustomization = Json.yamlMapper().readValue(Files.readString(file), LinkedHashMap.class);
        for (String field : kustomization.keySet()) {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalStateException(file + ": kustomization field '" + field + "' is not understood by this test");
            }
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (String resource : (List<String>) kustomization.getOrDefault("resources", List.of())) {
            Path path = directory.resolve(resource).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(resolve(path, visiting));
            } else if (Files.isRegularFile(path)) {
                if (!path.startsWith(directory)) {
                    throw new IllegalStateException(file + ": file " + resource + " is outside the kustomization's directory");
                }
                objects.addAll(parseFile(path));
            } else {
                throw new IllegalStateException(file + ": resource " + resource + " does not exist");
            }
        }
        for (Map<String, Object> label : (List<Map<String, Object>>) kustomization.getOrDefault("labels", List.of())) {
            if (Boolean.TRUE.equals(label.get("includeSelectors"))) {
                throw new IllegalStateException(file + ": labels with includeSelectors are not modelled here");
            }
            Map<String, String> pairs = (Map<String, String>) label.get("pairs");
            objects.forEach(object -> {
                Map<String, String> labels = new LinkedHashMap<>(object.getMetadata().getLabels() == null
                        ? Map.of() : object.getMetadata().getLabels());
                labels.putAll(pairs);
                object.getMetadata().setLabels(labels);
            });
        }
        for (Map<String, Object> image : (List<Map<String, Object>>) kustomization.getOrDefault("images", List.of())) {
            String name = (String) image.get("name");
            String tag = (String) image.get("newTag");
            objects.forEach(object -> containers(object).stream()
                    .filter(container -> container.getImage().split(":")[0].equals(name))
                    .forEach(container -> container.setImage(name + ":" + tag)));
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            objects.stream().filter(object -> !(object instanceof Namespace))
                    .forEach(object -> object.getMetadata().setNamespace((String) namespace));
        }
        visiting.remove(directory);
        return objects;
    }

    static PodSpec podSpec(HasMetadata object) {
        return switch (object) {
            case StatefulSet set -> set.getSpec().getTemplate().getSpec();
            case Deployment deployment -> deployment.getSpec().getTemplate().getSpec();
            default -> null;
        };
    }

    static List<Container> containers(HasMetadata object) {
        PodSpec spec = podSpec(object);
        if (spec == null) {
            return List.of();
        }
        List<Container> containers = new ArrayList<>(spec.getContainers());
        if (spec.getInitContainers() != null) {
            containers.addAll(spec.getInitContainers());
        }
        return containers;
    }
}
