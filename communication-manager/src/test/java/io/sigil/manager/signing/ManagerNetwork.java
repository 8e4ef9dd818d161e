package io.sigil.manager.signing;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.identity.AccountKey;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.manager.CommunicationManagerApplication;
import io.sigil.registry.Registry;
import io.sigil.wire.NetworkBinding;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.wire.sign.SignRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A registry of {@code committees × replicas} fake signing nodes, their leaders (never called)
 * and one manager, laid out in a temp directory; the manager runs as its own Micronaut context
 * on a random loopback port and can be stopped and started again on the same data.
 */
final class ManagerNetwork implements AutoCloseable {
    static final String MANAGER_ID = "manager-1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final Map<String, FakeSigningNode> nodes = new LinkedHashMap<>();
    private final Registry registry;
    private final NodeIdentity managerIdentity;
    private final Scalar signingKey = Scalar.random(new SecureRandom());
    private ApplicationContext manager;
    private volatile URI managerUrl;

    ManagerNetwork(Path directory, int committees, int replicas) throws Exception {
        this.directory = directory;
        List<NodeDocument> entries = new ArrayList<>();
        List<CommitteeDocument> committeeDocuments = new ArrayList<>();
        for (int committee = 1; committee <= committees; committee++) {
            committeeDocuments.add(new CommitteeDocument(committee, "committee-" + committee));
            for (int replica = 0; replica < replicas; replica++) {
                FakeSigningNode node = new FakeSigningNode("node-" + committee + (char) ('a' + replica));
                nodes.put(node.id(), node);
                entries.add(entry(node.id(), "signing-client", committee, node.url(), node.identity()));
            }
            entries.add(entry("leader-" + committee, "committee-leader", committee, "http://127.0.0.1:1",
                    NodeIdentity.generate()));
        }
        managerIdentity = NodeIdentity.generate();
        managerIdentity.save(managerDirectory().resolve("identity"));
        entries.add(entry(MANAGER_ID, "communication-manager", null, "http://127.0.0.1:1", managerIdentity));
        RegistryDocument document = new RegistryDocument("manager-test", 4L, 2, committeeDocuments, entries,
                OperatorKey.governance(1, List.of(OperatorKey.generate("operator-1"))));
        Files.writeString(registryFile(), Json.writePretty(document));
        registry = Registry.fromDocument(document, "registry.json");
        MasterKeySettings.writeNewKekKeyset(managerDirectory().resolve("store-kek.json"));
        nodes.values().forEach(node -> node.connect(() -> managerUrl, managerIdentity.identityKey(), signingKey));
    }

    private static NodeDocument entry(String id, String role, Integer committee, String url, NodeIdentity keys) {
        return new NodeDocument(id, List.of(role), committee, url, keys.identityKey().toHex(),
                keys.encryptionKey().toHex());
    }

    Path managerDirectory() {
        return directory.resolve(MANAGER_ID);
    }

    private Path registryFile() {
        return directory.resolve("registry.json");
    }

    void startManager(int maxAttempts, String attemptTimeout) {
        startManager(maxAttempts, attemptTimeout, Map.of());
    }

    /**
     * Starts the manager with {@code extra} properties on top (e.g. {@code sigil.manager.max-pending})
     * and {@code singletons} (e.g. an event listener) in its context.
     */
    void startManager(int maxAttempts, String attemptTimeout, Map<String, Object> extra, Object... singletons) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("sigil.node-id", MANAGER_ID);
        properties.put("sigil.registry", registryFile().toString());
        properties.put("sigil.data-dir", managerDirectory().toString());
        properties.put("sigil.store.kek-keyset", managerDirectory().resolve("store-kek.json").toString());
        properties.put("sigil.manager.max-attempts", maxAttempts);
        properties.put("sigil.manager.attempt-timeout", attemptTimeout);
        properties.put("micronaut.server.port", -1);
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.putAll(extra);
        manager = ApplicationContext.builder().deduceEnvironment(false)
                .environments(CommunicationManagerApplication.ENVIRONMENT).properties(properties).singletons(singletons)
                .start();
        EmbeddedServer server = manager.getBean(EmbeddedServer.class);
        server.start();
        managerUrl = URI.create("http://127.0.0.1:" + server.getPort());
    }

    void stopManager() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    ApplicationContext context() {
        return manager;
    }

    URI managerUrl() {
        return managerUrl;
    }

    /** The network id and epoch every sign request of these tests names. */
    NetworkBinding binding() {
        return NetworkBinding.of(registry);
    }

    Registry registry() {
        return registry;
    }

    FakeSigningNode node(String id) {
        return nodes.get(id);
    }

    List<FakeSigningNode> nodes() {
        return List.copyOf(nodes.values());
    }

    Point publicKey() {
        return Point.baseMultiply(signingKey);
    }

    /** A sign request of {@code account} for {@code message} under this network's key (t = 2), valid for ten minutes. */
    SignRequest newRequest(AccountKey account, String message) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return SignRequest.forMessage(binding(), account, "key-1", publicKey(), 2, message, null,
                Instant.now().getEpochSecond() + 600, nonce);
    }

    @Override
    public void close() throws IOException {
        stopManager();
        nodes.values().forEach(FakeSigningNode::close);
    }
}
