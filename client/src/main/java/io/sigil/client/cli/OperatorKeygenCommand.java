package io.sigil.client.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.sigil.json.Json;
import io.sigil.registry.RegistryDocument.OperatorDocument;
import io.sigil.registry.governance.OperatorKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil network operator-keygen}: creates an operator's Ed25519 key file and prints the
 * operator's entry for the registry's {@code governance.operators}.
 */
@Command(name = "operator-keygen", mixinStandardHelpOptions = true,
        description = "Create an operator key and print its governance entry (JSON).")
final class OperatorKeygenCommand implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "Operator id, as the registry's governance block will name it.")
    String id;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Operator key file to create (a secret).")
    Path out;

    @Option(names = "--force", description = "Replace an existing key file.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(out) && !force) {
            throw new IllegalArgumentException(out + " already exists; pass --force to replace it (the registry's "
                    + "governance block pinning the old key must then be changed by an approved registry)");
        }
        OperatorKey key = OperatorKey.generate(id);
        key.save(out);
        PrintWriter printer = spec.commandLine().getOut();
        printer.println(Json.writePretty(new OperatorDocument(key.id(), key.publicKey().toHex())));
        printer.flush();
        spec.commandLine().getErr().println("wrote " + out + " (a secret: keep it offline and owner-only)");
        return 0;
    }
}
