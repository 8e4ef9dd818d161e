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

/** A {@code new_party} posted to a signing node as the devnet's manager would (signed with its identity), bypassing the manager's own checks. */
public final class ManagerPosts {

    private ManagerPosts() {
    }

    public static HttpResponse<String> newParty(Devnet devnet, String nodeId, NewParty newParty) throws Exception {
        DevnetNode managerNode = devnet.layout().nodes().stream().filter(node -> node.id().equals("manager-1")).findFirst().orElseThrow();
        NodeIdentity identity = NodeIdentity.load(managerNode.dataDirectory().resolve("identity"));
        byte[] body = Json.writeBytes(newParty);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(devnet.registry().node(nodeId).orElseThrow().url()
                .toString()).resolve("/v1/new_party")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        NodeRequestSignature.headers(identity, "manager-1", nodeId, "POST", "/v1/new_party", body, System.currentTimeMillis())
                .forEach(builder::header);
        return HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
