package io.sigil.testing.fuzz;

import io.micronaut.context.ApplicationContext;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.kvdb.StoreEntry;
import io.sigil.kvdb.StoreScanner;
import io.sigil.manager.store.RequestStore;
import io.sigil.node.store.NodeStore;
import io.sigil.registry.Role;
import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every entry of every store in the devnet — each signing node's {@link NodeStore}, in all its
 * namespaces, and each manager's {@link RequestStore} — decrypted through the kvdb API, as
 * {@code node/namespace/hex key -> hex value}, so two snapshots compare byte for byte.
 */
final class StoreSnapshot {
    private StoreSnapshot() {
    }

    static Map<String, String> of(Devnet devnet) {
        Map<String, String> entries = new TreeMap<>();
        for (DevnetNode node : devnet.layout().nodes()) {
            ApplicationContext context = devnet.context(node.id());
            EncryptedStore store = switch (node.service()) {
                case SIGNING_CLIENT -> context.getBean(NodeStore.class).store();
                case COMMUNICATION_MANAGER -> managerStore(context.getBean(RequestStore.class));
                default -> null;
            };
            if (store != null) {
                read(node.id(), store, entries);
            }
        }
        return entries;
    }

    /** How many entries each node holds, to show that the compared stores are not empty. */
    static Map<String, Integer> countsByNode(Map<String, String> snapshot) {
        Map<String, Integer> counts = new TreeMap<>();
        snapshot.keySet().forEach(key -> counts.merge(key.substring(0, key.indexOf('/')), 1, Integer::sum));
        return counts;
    }

    private static void read(String nodeId, EncryptedStore store, Map<String, String> entries) {
        HexFormat hex = HexFormat.of();
        for (Namespace namespace : store.namespaces().stream().sorted(Comparator.comparing(Namespace::name)).toList()) {
            try (StoreScanner scanner = store.scanner(namespace, new byte[0])) {
                while (scanner.hasNext()) {
                    StoreEntry entry = scanner.next();
                    entries.put(nodeId + "/" + namespace.name() + "/" + hex.formatHex(entry.key()), hex.formatHex(entry.value()));
                }
            }
        }
    }

    /** RequestStore keeps its EncryptedStore private (it offers only typed reads); the test reads it whole. */
    private static EncryptedStore managerStore(RequestStore requests) {
        try {
            Field field = RequestStore.class.getDeclaredField("store");
            field.setAccessible(true);
            return (EncryptedStore) field.get(requests);
        } catch (ReflectiveOperationException unreadable) {
            throw new IllegalStateException("cannot read the manager's store", unreadable);
        }
    }
}
