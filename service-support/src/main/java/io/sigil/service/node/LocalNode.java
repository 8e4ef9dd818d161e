package io.sigil.service.node;

import java.io.IOException;
import java.nio.file.Path;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.sigil.identity.NodeIdentity;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryException;
import io.sigil.registry.Role;

/**
 * This process as the network knows it: its registry entry, the registry itself and its own
 * identity keys. Built eagerly at start-up, so a node whose keys do not match the registry, or
 * that is started in a role the registry does not give it, refuses to start with a clear
 * message instead of serving requests it cannot authenticate.
 */
@Context
public final class LocalNode {
    private final Registry registry;
    private final NodeEntry entry;
    private final NodeIdentity identity;
    private final Role service;
    private final Path dataDirectory;

    LocalNode(@Value("${sigil.node-id}") String nodeId,
              @Value("${sigil.registry}") String registryFile,
              @Value("${sigil.data-dir}") String dataDirectory,
              @Value("${sigil.identity-dir:}") String identityDirectory,
              @Value("${sigil.role}") String role) throws IOException, RegistryException {
        this.service = Role.fromWireName(role)
                .orElseThrow(() -> new IllegalStateException("sigil.role '" + role + "' is not a Sigil service"));
        this.registry = Registry.load(Path.of(registryFile));
        this.entry = registry.node(nodeId).orElseThrow(() -> new IllegalStateException(
                "node '" + nodeId + "' (SIGIL_NODE_ID) is not in the registry " + registryFile));
        if (!entry.hasRole(service)) {
            throw new IllegalStateException("node '" + nodeId + "' is started as " + service
                    + " but the registry gives it the roles " + entry.roles());
        }
        this.dataDirectory = Path.of(dataDirectory);
        Path keys = identityDirectory.isBlank() ? this.dataDirectory.resolve("identity") : Path.of(identityDirectory);
        this.identity = NodeIdentity.load(keys);
        if (!identity.identityKey().equals(entry.identityKey()) || !identity.encryptionKey().equals(entry.encryptionKey())) {
            throw new IllegalStateException("the keys in " + keys + " are not the keys the registry pins for node '"
                    + nodeId + "'");
        }
    }

    public Registry registry() {
        return registry;
    }

    public NodeEntry entry() {
        return entry;
    }

    public String id() {
        return entry.id();
    }

    public NodeIdentity identity() {
        return identity;
    }

    /** The service this process runs (a node may hold several roles in the registry). */
    public Role service() {
        return service;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }
}
