package io.sigil.client.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import io.sigil.json.Json;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.OperatorKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil network approve}: one operator signs its approval of a new registry file (its exact
 * bytes, its network id and epoch), merged with the approvals other operators already signed.
 * The registry is validated first, so nobody signs a document nodes would refuse.
 */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Sign an approval of a new registry with one operator key; merge with existing approvals.")
final class ApproveCommand implements Callable<Integer> {
    @Option(names = "--registry", required = true, paramLabel = "FILE", description = "The new registry (epoch e+1).")
    Path registry;

    @Option(names = "--operator-key", required = true, paramLabel = "FILE",
            description = "This operator's key file (from `sigil network operator-keygen`).")
    Path operatorKey;

    @Option(names = "--approval", paramLabel = "FILE", description = "Approval signed by other operators, to add to.")
    Path existing;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the merged approval.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] bytes = Files.readAllBytes(registry);
        Registry next = Registry.load(registry);
        OperatorKey key = OperatorKey.load(operatorKey);
        String sha256 = ChainVerifier.documentSha256(bytes);
        Approval.OperatorSignature signature = key.approve(next.networkId(), next.epoch(), HexFormat.of().parseHex(sha256));
        Approval approval = new Approval(next.networkId(), next.epoch(), sha256, List.of(signature));
        if (existing != null) {
            approval = Json.read(Files.readString(existing), Approval.class).merge(approval);
        }
        Files.writeString(out, Json.writePretty(approval), StandardCharsets.UTF_8);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf("operator %s approved %s as epoch %d of network %s (sha256 %s); %d signature(s) in %s%n",
                key.id(), registry, next.epoch(), next.networkId(), sha256, approval.signatures().size(), out);
        printer.flush();
        return 0;
    }
}
