package io.sigil.testing.sign;

import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.sign.NewParty;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Requests posted to a signing node as another node of the devnet would (signed with its identity),
 * e.g. a {@code new_party} as the manager, bypassing the sender's own checks.
 */
public final class ManagerPosts {

    private ManagerPosts() {
    }

    public static HttpResponse<String> newParty(Devnet devnet, String nodeId, NewParty newParty) throws Exception {
        return post(devnet, "manager-1", nodeId, "/v1/new_party", Json.writeBytes(newParty));
    }

    /** {@code body} posted to {@code path} on {@code target}, signed with the identity of the devnet's node {@code from}. */
    public static HttpResponse<String> post(Devnet devnet, String from, String target, String path, byte[] body)
            throws Exception {
        return HttpClient.newHttpClient().send(signed(devnet, from, target, path, body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The request {@link #post} sends, not yet sent (to send it twice, or to tamper with it). */
    public static HttpRequest.Builder signed(Devnet devnet, String from, String target, String path, byte[] body)
            throws Exception {
        DevnetNode sender = devnet.layout().nodes().stream().filter(node -> node.id().equals(from)).findFirst().orElseThrow();
        NodeIdentity identity = NodeIdentity.load(sender.dataDirectory().resolve("identity"));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(devnet.registry().node(target).orElseThrow().url()
                .toString()).resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        NodeRequestSignature.headers(identity, from, target, "POST", path, body, System.currentTimeMillis())
                .forEach(builder::header);
        return builder;
    }
}
