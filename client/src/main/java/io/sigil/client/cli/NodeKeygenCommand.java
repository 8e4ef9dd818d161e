package io.sigil.client.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sigil node keygen}: creates a node's identity (Ed25519) and encryption (HPKE X25519)
 * keysets in a directory and prints the node's registry entry, ready to paste into the registry.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Create a node's keysets and print its registry entry (JSON).")
final class NodeKeygenCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the two keyset files.")
    Path out;

    @Option(names = "--id", required = true, description = "Node id, as the registry will name it.")
    String id;

    @Option(names = "--role", required = true, split = ",",
            description = "Role(s): signing-client, committee-leader, communication-manager.")
    List<String> roles;

    @Option(names = "--committee", description = "Committee index (signing clients and leaders).")
    Integer committee;

    @Option(names = "--url", required = true, description = "Base URL other nodes reach this node at.")
    String url;

    @Option(names = "--force", description = "Replace keysets already in --out.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (String role : roles) {
            if (Role.fromWireName(role).isEmpty()) {
                throw new IllegalArgumentException("unknown role '" + role
                        + "' (known: signing-client, committee-leader, communication-manager)");
            }
        }
        if (NodeIdentity.existsIn(out) && !force) {
            throw new IllegalArgumentException(out + " already holds node keys; pass --force to replace them "
                    + "(the registry entry pinning the old keys must then be updated)");
        }
        NodeIdentity identity = NodeIdentity.generate();
        identity.save(out);
        NodeDocument entry = new NodeDocument(id, roles, committee, url, identity.identityKey().toHex(),
                identity.encryptionKey().toHex());
        PrintWriter printer = spec.commandLine().getOut();
        printer.println(Json.writePretty(entry));
        printer.flush();
        spec.commandLine().getErr().println("wrote " + out.resolve(NodeIdentity.SIGNING_FILE) + " and "
                + out.resolve(NodeIdentity.ENCRYPTION_FILE) + " (secrets: keep them owner-only)");
        return 0;
    }
}
