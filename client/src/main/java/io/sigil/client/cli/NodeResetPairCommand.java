package io.sigil.client.cli;

import io.sigil.json.Json;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sigil node reset-pair}: makes a node set its pairwise DKLs23 state with one peer up again
 * (a pair stuck out of step, or a banned pair once both operators agree: run it on both nodes).
 * The request is signed with the node's own identity key (the operator's proof; peers cannot
 * call it), so it runs where that key is, e.g. on the node's host.
 */
@Command(name = "reset-pair", mixinStandardHelpOptions = true,
        description = "Set a node's pairwise setup with a peer up again (signed with the node's own identity key).")
final class NodeResetPairCommand implements Callable<Integer> {
    static final String PATH = "/v1/pairing/reset";

    @Mixin
    OwnNodeOptions target;

    @Option(names = "--peer", required = true, paramLabel = "ID", description = "The peer signing node whose pair to reset.")
    String peer;

    @Option(names = "--json", description = "Print the node's answer as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<?, ?> answer = target.post(PATH, Json.writeBytes(Map.of("peer", peer)), Map.class);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(answer));
        } else {
            out.printf("node %s: pair with %s reset (was generation %s); the new setup is run by %s%n", target.id, peer,
                    answer.get("previousGeneration"), answer.get("setUpBy"));
        }
        out.flush();
        return 0;
    }
}
