package io.sigil.client.sign;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.RegistryException;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.registry.governance.OperatorKey;

/**
 * A genesis registry of two committees whose only manager is at a given URL, for the stub
 * manager to serve as its registry chain; the other nodes' URLs lead nowhere.
 */
record StubRegistry(byte[] bytes, Registry registry, NetworkPin pin) {

    static StubRegistry withManager(String managerId, String managerUrl) {
        List<NodeDocument> nodes = List.of(
                node("node-1", "signing-client", 1, "http://127.0.0.1:1"),
                node("node-2", "signing-client", 2, "http://127.0.0.1:1"),
                node("leader-1", "committee-leader", 1, "http://127.0.0.1:1"),
                node("leader-2", "committee-leader", 2, "http://127.0.0.1:1"),
                node(managerId, "communication-manager", null, managerUrl));
        RegistryDocument document = new RegistryDocument("stub-net", 1L, 2,
                List.of(new CommitteeDocument(1, "one"), new CommitteeDocument(2, "two")), nodes,
                OperatorKey.governance(1, List.of(OperatorKey.generate("operator-1"))));
        byte[] bytes = Json.writePretty(document).getBytes(StandardCharsets.UTF_8);
        try {
            Registry registry = Registry.fromDocument(document, "stub registry");
            return new StubRegistry(bytes, registry, NetworkPin.of(bytes, registry));
        } catch (RegistryException invalid) {
            throw new IllegalStateException(invalid);
        }
    }

    private static NodeDocument node(String id, String role, Integer committee, String url) {
        NodeIdentity keys = NodeIdentity.generate();
        return new NodeDocument(id, List.of(role), committee, url, keys.identityKey().toHex(), keys.encryptionKey().toHex());
    }
}
