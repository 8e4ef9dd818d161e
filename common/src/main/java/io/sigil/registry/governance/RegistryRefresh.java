package io.sigil.registry.governance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.RegistryException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * A proactive refresh (docs/keygen.md §3.1): an epoch change to a registry that differs from the
 * running one only in its {@code epoch}. Operators approve the exact bytes of a registry file
 * (docs/security.md "Trust chain"), so {@link #nextEpoch} writes the running file with nothing
 * changed but the digits of its top-level {@code epoch} value, located with a JSON token parser:
 * a diff of the two files shows one line, and any operator can rerun it and compare the SHA-256.
 * {@link #check} is what {@code sigil network refresh} asks of the file it is given.
 */
public final class RegistryRefresh {
    private static final String EPOCH = "epoch";

    private RegistryRefresh() {
    }

    /** Why a file is not the refresh of a running registry: every difference, by field. */
    public static final class NotARefreshException extends Exception {
        private final List<String> differences;

        NotARefreshException(long running, List<String> differences) {
            super("not a refresh of the running registry (epoch " + running + "): " + String.join("; ", differences));
            this.differences = List.copyOf(differences);
        }

        public List<String> differences() {
            return differences;
        }
    }

    /**
     * The bytes of {@code current} (a JSON registry file) as epoch {@code e+1}: the top-level
     * {@code epoch} number replaced in place, every other byte kept.
     *
     * @throws RegistryException when {@code current} is not a valid JSON registry, or its result would not be one
     */
    public static byte[] nextEpoch(byte[] current, String source) throws RegistryException {
        Registry running = Registry.parse(new String(current, StandardCharsets.UTF_8), false, source);
        long[] span = epochSpan(current, source);
        String next = Long.toString(Math.addExact(running.epoch(), 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream(current.length + 1);
        out.write(current, 0, (int) span[0]);
        out.writeBytes(next.getBytes(StandardCharsets.US_ASCII));
        out.write(current, (int) span[1], current.length - (int) span[1]);
        byte[] written = out.toByteArray();
        Registry result = Registry.parse(new String(written, StandardCharsets.UTF_8), false, source + " (epoch " + next + ")");
        if (result.epoch() != running.epoch() + 1) {
            throw new IllegalStateException("the refresh writer produced epoch " + result.epoch() + " from " + running.epoch());
        }
        return written;
    }

    /**
     * The byte offsets {@code [start, end)} of the top-level {@code epoch} value: the parser's token
     * location, so an {@code "epoch"} key inside another object (or inside a string) is never touched.
     */
    private static long[] epochSpan(byte[] json, String source) throws RegistryException {
        try (JsonParser parser = Json.mapper().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new RegistryException(source, List.of("not a JSON object"));
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (EPOCH.equals(name)) {
                    if (value != JsonToken.VALUE_NUMBER_INT) {
                        throw new RegistryException(source, List.of("epoch is not an integer"));
                    }
                    long start = parser.currentTokenLocation().getByteOffset();
                    return new long[] {start, start + parser.getString().length()};
                }
                parser.skipChildren();
            }
        } catch (JacksonException malformed) {
            throw new RegistryException(source, List.of("not a JSON registry (" + malformed.getOriginalMessage() + ")"));
        }
        throw new RegistryException(source, List.of("no top-level epoch"));
    }

    /**
     * Checks that {@code next} is {@code running} at epoch {@code e+1} and nothing else: the same
     * network id, default threshold, committees, nodes (each entry, in the same order) and governance.
     *
     * @throws NotARefreshException naming every field (and node) that differs
     */
    public static void check(Registry running, Registry next) throws NotARefreshException {
        RegistryDocument was = running.toDocument();
        RegistryDocument now = next.toDocument();
        List<String> differences = new ArrayList<>();
        if (now.epoch() != was.epoch() + 1) {
            differences.add("epoch " + now.epoch() + " is not " + (was.epoch() + 1));
        }
        compare(differences, "networkId", was.networkId(), now.networkId());
        compare(differences, "threshold", was.threshold(), now.threshold());
        compare(differences, "committees", was.committees(), now.committees());
        compare(differences, "governance", was.governance(), now.governance());
        if (!was.nodes().equals(now.nodes())) {
            differences.add("nodes differ (" + nodeDifferences(was.nodes(), now.nodes()) + ")");
        }
        if (!differences.isEmpty()) {
            throw new NotARefreshException(was.epoch(), differences);
        }
    }

    private static void compare(List<String> differences, String field, Object was, Object now) {
        if (!Objects.equals(was, now)) {
            differences.add(field + " differs");
        }
    }

    /** Which node ids are added, removed or changed; when none is, the order changed. */
    private static String nodeDifferences(List<NodeDocument> was, List<NodeDocument> now) {
        Map<String, NodeDocument> before = byId(was);
        Map<String, NodeDocument> after = byId(now);
        Set<String> named = new LinkedHashSet<>();
        after.keySet().stream().filter(id -> !before.containsKey(id)).forEach(id -> named.add("added " + id));
        before.keySet().stream().filter(id -> !after.containsKey(id)).forEach(id -> named.add("removed " + id));
        before.keySet().stream().filter(after::containsKey).filter(id -> !before.get(id).equals(after.get(id)))
                .forEach(id -> named.add("changed " + id));
        return named.isEmpty() ? "listed in another order" : String.join(", ", named);
    }

    private static Map<String, NodeDocument> byId(List<NodeDocument> nodes) {
        return nodes.stream().collect(Collectors.toMap(NodeDocument::id, Function.identity(), (first, second) -> first,
                java.util.LinkedHashMap::new));
    }
}
