package io.sigil.registry.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.identity.NodeIdentity;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Which epoch changes only add replicas (docs/keygen.md §3.8): a signing node added to an existing
 * committee and nothing else is one; a refresh, a removal, a new committee, a threshold change, a
 * changed node, an added leader or manager are not.
 */
class ReplicaOnlyChangeTest {
    private static final List<OperatorKey> OPERATORS = List.of(OperatorKey.generate("op-1"), OperatorKey.generate("op-2"));
    private static final RegistryDocument RUNNING = new RegistryDocument("replicas-test", 4L, 2,
            List.of(new CommitteeDocument(1, "one"), new CommitteeDocument(2, "two"), new CommitteeDocument(3, "three")),
            List.of(node("node-1a", "signing-client", 1, 7001), node("node-2a", "signing-client", 2, 7002),
                    node("node-3a", "signing-client", 3, 7009), node("leader-1", "committee-leader", 1, 7003),
                    node("leader-2", "committee-leader", 2, 7004), node("leader-3", "committee-leader", 3, 7010),
                    node("manager-1", "communication-manager", null, 7005)),
            OperatorKey.governance(2, OPERATORS));

    @Test
    void aSigningNodeAddedToAnExistingCommitteeIsAnAddReplicasChange() throws Exception {
        NodeDocument added = node("node-1b", "signing-client", 1, 7006);
        assertThat(ReplicaOnlyChange.added(registry(RUNNING), registry(next(nodes -> append(nodes, added)))))
                .containsExactly("node-1b");
        NodeDocument second = node("node-2b", "signing-client", 2, 7007);
        List<NodeDocument> interleaved = new ArrayList<>(RUNNING.nodes());
        interleaved.add(1, added);
        interleaved.add(second);
        assertThat(ReplicaOnlyChange.added(registry(RUNNING), registry(next(nodes -> interleaved))))
                .containsExactlyInAnyOrder("node-1b", "node-2b");
    }

    @Test
    void everyOtherChangeReshares() throws Exception {
        Registry running = registry(RUNNING);
        NodeDocument replica = node("node-1b", "signing-client", 1, 7006);
        List<RegistryDocument> reshares = List.of(
                next(nodes -> nodes), // a refresh
                next(nodes -> append(nodes.subList(1, nodes.size()), replica)), // node-1a replaced by node-1b
                next(nodes -> append(nodes, node("leader-9", "committee-leader", 1, 7008))),
                next(nodes -> append(nodes, node("manager-2", "communication-manager", null, 7008))),
                next(nodes -> {
                    List<NodeDocument> changed = append(nodes, replica);
                    NodeDocument first = changed.getFirst();
                    changed.set(0, new NodeDocument(first.id(), first.roles(), first.committee(), "http://127.0.0.1:7999",
                            first.identityKey(), first.encryptionKey()));
                    return changed;
                }),
                new RegistryDocument(RUNNING.networkId(), 5L, 3, RUNNING.committees(), append(RUNNING.nodes(), replica),
                        RUNNING.governance()),
                new RegistryDocument(RUNNING.networkId(), 6L, 2, RUNNING.committees(), append(RUNNING.nodes(), replica),
                        RUNNING.governance()),
                new RegistryDocument(RUNNING.networkId(), 5L, 2, append(RUNNING.committees(),
                        new CommitteeDocument(4, "four")), append(append(append(RUNNING.nodes(), replica),
                        node("node-4a", "signing-client", 4, 7011)), node("leader-4", "committee-leader", 4, 7012)),
                        RUNNING.governance()));
        for (RegistryDocument next : reshares) {
            assertThat(ReplicaOnlyChange.between(running, registry(next))).as(next.toString()).isFalse();
        }
    }

    private static RegistryDocument next(UnaryOperator<List<NodeDocument>> nodes) {
        return new RegistryDocument(RUNNING.networkId(), RUNNING.epoch() + 1, RUNNING.threshold(), RUNNING.committees(),
                nodes.apply(new ArrayList<>(RUNNING.nodes())), RUNNING.governance());
    }

    private static <T> List<T> append(List<T> items, T item) {
        List<T> longer = new ArrayList<>(items);
        longer.add(item);
        return longer;
    }

    private static Registry registry(RegistryDocument document) throws Exception {
        return Registry.fromDocument(document, "test");
    }

    private static NodeDocument node(String id, String role, Integer committee, int port) {
        NodeIdentity identity = NodeIdentity.generate();
        return new NodeDocument(id, List.of(role), committee, "http://127.0.0.1:" + port,
                identity.identityKey().toHex(), identity.encryptionKey().toHex());
    }
}
