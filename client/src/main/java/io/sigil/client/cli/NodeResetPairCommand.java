package io.sigil.client.cli;

import io.sigil.client.SigilHttp;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.wire.auth.NodeRequestSignature;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(names = "--node", required = true, paramLabel = "URL", description = "The node's base URL.")
    URI node;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The node's id in the registry.")
    String id;

    @Option(names = "--identity", required = true, paramLabel = "DIR",
            description = "Directory with the node's identity keysets (as written by `sigil node keygen`).")
    Path identity;

    @Option(names = "--peer", required = true, paramLabel = "ID", description = "The peer signing node whose pair to reset.")
    String peer;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM bundle of the CA the node's TLS certificate "
            + "chains to; only it is trusted and only https:// is used (default: $SIGIL_CA)")
    Path ca;

    @Option(names = "--json", description = "Print the node's answer as one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        NodeIdentity keys = NodeIdentity.load(identity);
        byte[] body = Json.writeBytes(Map.of("peer", peer));
        // the node's own identity signs, for the node itself as target (node-request v2, design §3)
        Map<String, String> headers = NodeRequestSignature.headers(keys, id, id, "POST", PATH, body, System.currentTimeMillis());
        SigilHttp http = new SigilHttp(Duration.ofSeconds(30), NetworkOption.givenTrust(ca));
        Map<?, ?> answer = http.post(node.resolve(PATH), body, headers, Map.class);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(answer));
        } else {
            out.printf("node %s: pair with %s reset (was generation %s); the new setup is run by %s%n", id, peer,
                    answer.get("previousGeneration"), answer.get("setUpBy"));
        }
        out.flush();
        return 0;
    }
}
