package io.sigil.node.pairing;

import io.sigil.crypto.dkls23.setup.PairState;
import io.sigil.crypto.dkls23.setup.SetupRequest;
import io.sigil.crypto.dkls23.setup.SetupRound1;
import io.sigil.crypto.dkls23.setup.SetupRound2;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.PeerKeys;
import io.sigil.json.Json;
import io.sigil.wire.WireFields;
import io.sigil.wire.auth.NodeRequestSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;

/**
 * The test plays a devnet signing node {@code self} (with its real identity keys, read from its
 * data directory) running the pairwise setup with {@code peer} over the wire, without the real
 * node knowing: what a node that lost the setup's last answer, or an attacker who captured one
 * of its signed requests, looks like to the peer.
 */
final class ActingInitiator {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Devnet devnet;
    private final String self;
    private final String peer;
    private final NodeIdentity identity;
    private final HttpClient http = HttpClient.newHttpClient();

    /** One signed POST, as captured on the wire: replaying it sends the very same bytes and headers. */
    record Signed(String path, byte[] body, Map<String, String> headers) {
    }

    ActingInitiator(Devnet devnet, String self, String peer) throws Exception {
        this.devnet = devnet;
        this.self = self;
        this.peer = peer;
        this.identity = NodeIdentity.load(node(self).dataDirectory().resolve("identity"));
    }

    private DevnetNode node(String id) {
        return devnet.layout().nodes().stream().filter(node -> node.id().equals(id)).findFirst().orElseThrow();
    }

    /** The same path and body under a fresh node-request signature (new time and nonce). */
    Signed resigned(Signed request) {
        return new Signed(request.path(), request.body(), NodeRequestSignature.headers(identity, self, peer, "POST",
                request.path(), request.body(), System.currentTimeMillis()));
    }

    Signed sign(String path, Object body) {
        byte[] bytes = Json.writeBytes(body);
        return new Signed(path, bytes, NodeRequestSignature.headers(identity, self, peer, "POST", path, bytes, System.currentTimeMillis()));
    }

    HttpResponse<byte[]> send(Signed request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(node(peer).url() + request.path()))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A setup's first round for {@code generation}: the S0 + S1 request and the round to finish it with. */
    record Started(Signed request, SetupRound1 round) {
    }

    Started start(long generation) {
        SetupRequest request = SetupRequest.create(generation - 1, devnet.registry().epoch(), RANDOM);
        SetupRound1 first = SetupRound1.start(devnet.registry().networkId(), self, peer, request, RANDOM);
        PeerKeys peerKeys = PeerKeys.of(devnet.registry().node(peer).orElseThrow());
        return new Started(sign("/v1/pairing/start", new PairingMessages.Start(WireFields.toBase64(request.encode()),
                PairingMessages.seal(peerKeys, self, peer, "S1", first.message()))), first);
    }

    /**
     * A whole setup of {@code generation} that the peer stores, while the real node {@code self}
     * stores nothing: the state this side would have kept is returned (and not stored anywhere).
     */
    PairState setUpBehindTheNodesBack(long generation) throws Exception {
        Started started = start(generation);
        HttpResponse<byte[]> answer = send(started.request());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("start answered " + answer.statusCode() + ": " + new String(answer.body()));
        }
        PairingMessages.StartReply reply = Json.read(answer.body(), PairingMessages.StartReply.class);
        SetupRound2 second = started.round().finish(
                PairingMessages.open(identity, peer, self, "S1", "round1", reply.round1()));
        PeerKeys peerKeys = PeerKeys.of(devnet.registry().node(peer).orElseThrow());
        String ownRound2 = PairingMessages.seal(peerKeys, self, peer, "S2", second.message());
        PairState state = second.finish(PairingMessages.open(identity, peer, self, "S2", "round2", reply.round2()));
        HttpResponse<byte[]> finished = send(sign("/v1/pairing/finish", new PairingMessages.Finish(ownRound2)));
        if (finished.statusCode() != 200) {
            throw new IllegalStateException("finish answered " + finished.statusCode() + ": " + new String(finished.body()));
        }
        return state;
    }
}
