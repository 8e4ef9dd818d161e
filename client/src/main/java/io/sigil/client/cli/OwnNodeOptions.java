package io.sigil.client.cli;

import io.sigil.client.SigilHttp;
import io.sigil.identity.NodeIdentity;
import io.sigil.wire.auth.NodeRequestSignature;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Options of the operator commands that call a node's own routes ({@code reset-pair}, {@code sync}):
 * where the node is, its id, and its identity keys, with which the request is signed for the node
 * itself as target (node-request v2, design §3): peers cannot call these routes.
 */
final class OwnNodeOptions {
    @Option(names = "--node", required = true, paramLabel = "URL", description = "The node's base URL.")
    String node;

    @Option(names = "--id", required = true, paramLabel = "ID", description = "The node's id in the registry.")
    String id;

    @Option(names = "--identity", required = true, paramLabel = "DIR",
            description = "Directory with the node's identity keysets (as written by `sigil node keygen`).")
    Path identity;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM bundle of the CA the node's TLS certificate "
            + "chains to; only it is trusted and only https:// is used (default: $SIGIL_CA)")
    Path ca;

    private NodeIdentity keys;
    private SigilHttp http;

    /** POSTs {@code body} (JSON) to {@code path} on the node, signed with its own identity key. */
    <T> T post(String path, byte[] body, Class<T> answer) throws Exception {
        if (keys == null) {
            keys = NodeIdentity.load(identity);
            http = new SigilHttp(Duration.ofSeconds(30), NetworkOption.givenTrust(ca));
        }
        URI base = NodeUrl.parse("--node", node);
        Map<String, String> headers = NodeRequestSignature.headers(keys, id, id, "POST", path, body,
                System.currentTimeMillis());
        return http.post(base.resolve(path), body, headers, answer);
    }
}
