package io.sigil.registry.governance;

import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.Role;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An epoch change that only adds replicas (docs/keygen.md §3.8): the registry of {@code e+1} is
 * that of {@code e} at the next epoch with one or more signing nodes added to committees that
 * already exist, and nothing else changed: the same network id, default threshold, committees,
 * governance, and every node of {@code e} with the same entry (keys, URL, roles, committee) in the
 * same order. Such a change keeps every key's polynomial and every committee index, so every shard
 * of {@code e} stays valid in {@code e+1}; the new replicas get theirs from their committee by
 * catch-up (lifecycle §3.7), and nothing is reshared. Manager and nodes each decide it from the two
 * registries alone, never from what another party says.
 */
public final class ReplicaOnlyChange {
    /** The kind {@code GET /v1/epoch} shows for such a change; every other change is a reshare. */
    public static final String KIND = "add-replicas";

    private ReplicaOnlyChange() {
    }

    /** True when {@code next} only adds signing nodes to existing committees of {@code current}. */
    public static boolean between(Registry current, Registry next) {
        return !added(current, next).isEmpty();
    }

    /** The signing nodes {@code next} adds when it is such a change; empty when it is not (a reshare). */
    public static List<String> added(Registry current, Registry next) {
        RegistryDocument was = current.toDocument();
        RegistryDocument now = next.toDocument();
        boolean sameShape = now.epoch() == was.epoch() + 1 && Objects.equals(was.networkId(), now.networkId())
                && Objects.equals(was.threshold(), now.threshold())
                && Objects.equals(was.committees(), now.committees())
                && Objects.equals(was.governance(), now.governance());
        if (!sameShape) {
            return List.of();
        }
        Set<String> before = was.nodes().stream().map(NodeDocument::id).collect(Collectors.toSet());
        List<String> added = now.nodes().stream().map(NodeDocument::id).filter(id -> !before.contains(id)).toList();
        List<NodeDocument> kept = now.nodes().stream().filter(node -> before.contains(node.id())).toList();
        if (added.isEmpty() || !kept.equals(was.nodes())) {
            return List.of();
        }
        for (String id : added) {
            NodeEntry node = next.node(id).orElseThrow();
            boolean replica = node.roles().equals(Set.of(Role.SIGNING_CLIENT)) && node.committee().isPresent()
                    && current.committee(node.committee().get()).isPresent();
            if (!replica) {
                return List.of();
            }
        }
        return added;
    }
}
