package io.sigil.node.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.RegistryException;
import io.sigil.registry.Role;

/**
 * A small network for transport tests: {@code signingNodes} signing nodes ({@code node-1},
 * {@code node-2}, ..., alternating between two committees) and the two committee leaders and a
 * manager ({@code leader-1} is a registered node in a role the subscribe endpoint refuses), each
 * with fresh identity keys saved under {@code directory/<id>/identity}, and the registry pinning
 * them on free loopback ports.
 */
public record TestNodes(Path directory, Registry registry, Map<String, NodeIdentity> identities, Map<String, Integer> ports) {
    static final String LEADER = "leader-1";
    static final String STORE_KEK_FILE = "store-kek.json";

    public static TestNodes create(Path directory, int signingNodes) throws IOException {
        Map<String, NodeIdentity> identities = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        List<NodeDocument> nodes = new ArrayList<>();
        List<CommitteeDocument> committees = List.of(new CommitteeDocument(1, "committee-1"),
                new CommitteeDocument(2, "committee-2"));
        List<String> ids = new ArrayList<>();
        for (int index = 1; index <= signingNodes; index++) {
            ids.add("node-" + index);
        }
        ids.add(LEADER);
        ids.add("leader-2");
        ids.add("manager-1");
        for (int index = 0; index < ids.size(); index++) {
            String id = ids.get(index);
            boolean leader = id.startsWith("leader-");
            boolean manager = id.startsWith("manager-");
            Integer committee = manager ? null : leader ? Integer.valueOf(id.substring("leader-".length())) : 1 + index % 2;
            NodeIdentity identity = NodeIdentity.generate();
            identity.save(directory.resolve(id).resolve("identity"));
            MasterKeySettings.writeNewKekKeyset(directory.resolve(id).resolve(STORE_KEK_FILE));
            int port = freePort();
            identities.put(id, identity);
            ports.put(id, port);
            Role role = manager ? Role.COMMUNICATION_MANAGER : leader ? Role.COMMITTEE_LEADER : Role.SIGNING_CLIENT;
            nodes.add(new NodeDocument(id, List.of(role.wireName()), committee, "http://127.0.0.1:" + port,
                    identity.identityKey().toHex(), identity.encryptionKey().toHex()));
        }
        RegistryDocument document = new RegistryDocument("transport-test", 1L, 2, committees, nodes,
                OperatorKey.governance(1, List.of(OperatorKey.generate("operator-1"))));
        Files.writeString(directory.resolve("registry.json"), Json.writePretty(document));
        try {
            return new TestNodes(directory, Registry.fromDocument(document, "registry.json"), identities, ports);
        } catch (RegistryException invalid) {
            throw new IllegalStateException("the test registry is invalid: " + invalid.getMessage(), invalid);
        }
    }

    public Path registryFile() {
        return directory.resolve("registry.json");
    }

    public Path dataDirectory(String id) {
        return directory.resolve(id);
    }

    public Path storeKeyFile(String id) {
        return directory.resolve(id).resolve(STORE_KEK_FILE);
    }

    NodeIdentity identity(String id) {
        return identities.get(id);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
