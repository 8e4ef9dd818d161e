package io.sigil.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.governance.Governance;

/**
 * The validated node registry: every node with its pinned keys, the committees 1..n, the
 * network's default threshold, its epoch and its governance (who approves the next epoch). Immutable; build one with {@link #load(Path)} or
 * {@link #fromDocument(RegistryDocument, String)}.
 */
public final class Registry {
    private final String networkId;
    private final long epoch;
    private final int threshold;
    private final List<Committee> committees;
    private final Map<String, NodeEntry> nodesById;
    private final Governance governance;

    Registry(String networkId, long epoch, int threshold, List<Committee> committees, List<NodeEntry> nodes,
             Governance governance) {
        this.governance = governance;
        this.networkId = networkId;
        this.epoch = epoch;
        this.threshold = threshold;
        this.committees = List.copyOf(committees);
        Map<String, NodeEntry> byId = new LinkedHashMap<>();
        nodes.forEach(node -> byId.put(node.id(), node));
        this.nodesById = byId;
    }

    /** Loads a registry file; {@code .yaml}/{@code .yml} are read as YAML, anything else as JSON. */
    public static Registry load(Path file) throws RegistryException, IOException {
        String content = Files.readString(file);
        String name = file.getFileName().toString().toLowerCase();
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        return parse(content, yaml, file.toString());
    }

    public static Registry parse(String content, boolean yaml, String source) throws RegistryException {
        RegistryDocument document;
        try {
            document = yaml ? Json.readYaml(content, RegistryDocument.class) : Json.read(content, RegistryDocument.class);
        } catch (JsonFormatException malformed) {
            throw new RegistryException(source, List.of("not a registry document (" + malformed.getMessage() + ")"));
        }
        if (document == null) {
            throw new RegistryException(source, List.of("the document is empty"));
        }
        return fromDocument(document, source);
    }

    public static Registry fromDocument(RegistryDocument document, String source) throws RegistryException {
        return new RegistryValidator(document, source).validate();
    }

    public String networkId() {
        return networkId;
    }

    public long epoch() {
        return epoch;
    }

    /** The operators who may approve the registry of the next epoch, and their quorum. */
    public Governance governance() {
        return governance;
    }

    /** The network's default threshold t (2 ≤ t ≤ n). */
    public int threshold() {
        return threshold;
    }

    /** Number of committees, n. */
    public int committeeCount() {
        return committees.size();
    }

    public List<Committee> committees() {
        return committees;
    }

    public Optional<Committee> committee(int index) {
        return index >= 1 && index <= committees.size() ? Optional.of(committees.get(index - 1)) : Optional.empty();
    }

    public List<NodeEntry> nodes() {
        return List.copyOf(nodesById.values());
    }

    public Optional<NodeEntry> node(String id) {
        return Optional.ofNullable(nodesById.get(id));
    }

    public List<NodeEntry> nodesWithRole(Role role) {
        return nodesById.values().stream().filter(node -> node.hasRole(role)).toList();
    }

    public List<NodeEntry> managers() {
        return nodesWithRole(Role.COMMUNICATION_MANAGER);
    }

    /** The document this registry was read from, normalised (used to write a registry out). */
    public RegistryDocument toDocument() {
        List<CommitteeDocument> committeeDocuments = committees.stream()
                .map(committee -> new CommitteeDocument(committee.index(), committee.name()))
                .toList();
        List<NodeDocument> nodeDocuments = new ArrayList<>();
        for (NodeEntry node : nodesById.values()) {
            List<String> roles = node.roles().stream().sorted(Comparator.comparing(Role::ordinal))
                    .map(Role::wireName).toList();
            nodeDocuments.add(new NodeDocument(node.id(), roles, node.committee().orElse(null),
                    node.url().toString(), node.identityKey().toHex(), node.encryptionKey().toHex()));
        }
        return new RegistryDocument(networkId, epoch, threshold, committeeDocuments, nodeDocuments,
                governance.toDocument());
    }

    @Override
    public String toString() {
        Set<String> ids = nodesById.keySet();
        return "Registry[" + networkId + ", epoch " + epoch + ", t=" + threshold + " of n=" + committees.size()
                + ", nodes " + ids.stream().collect(Collectors.joining(",")) + "]";
    }
}
