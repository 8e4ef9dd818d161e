package io.sigil.testing.user;

import com.sun.net.httpserver.HttpServer;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.identity.SignatureKey;
import io.sigil.json.Json;
import io.sigil.leader.relay.CommitteeRelay;
import io.sigil.registry.NodeEntry;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.NewUserRelayResponse;
import io.sigil.wire.user.NodeFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * A compromised committee leader: it holds the real leader's identity (it relays through the real
 * leader's {@link CommitteeRelay}, so nodes accept it as their leader) but rewrites the bundle it
 * forwards to chosen nodes, and may rewrite what it reports back. Listens on a loopback port; {@link #redirect} routes a verified
 * network's calls to the committee's leader here, as a user would meet it if the leader itself
 * were the attacker.
 */
public final class TamperingLeader implements AutoCloseable {
    private final HttpServer server;

    /**
     * @param relay the real leader's relay (its identity signs what the impostor sends)
     * @param tamper given the node and the user's bundle, the bundle to send that node
     */
    public TamperingLeader(CommitteeRelay relay, BiFunction<NodeEntry, NewUserBundle, NewUserBundle> tamper) throws IOException {
        this(relay, tamper, UnaryOperator.identity());
    }

    /**
     * @param relay the real leader's relay (its identity signs what the impostor sends)
     * @param tamper given the node and the user's bundle, the bundle to send that node
     * @param report given the nodes' real answers (acks verified against the nodes' keys), what
     *               the impostor reports to the user instead (e.g. forged acks)
     */
    public TamperingLeader(CommitteeRelay relay, BiFunction<NodeEntry, NewUserBundle, NewUserBundle> tamper,
                           UnaryOperator<NewUserRelayResponse> report) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/new_user", exchange -> {
            NewUserBundle bundle = Json.read(exchange.getRequestBody().readAllBytes(), NewUserBundle.class);
            List<NewUserAck> acks = new ArrayList<>();
            List<NodeFailure> failures = new ArrayList<>();
            for (CommitteeRelay.NodeAnswer answer : relay.relay("/v1/new_user",
                    node -> Json.writeBytes(tamper.apply(node, bundle)))) {
                if (answer.succeeded()) {
                    NewUserAck ack = Json.read(answer.body(), NewUserAck.class);
                    if (ack.isSignedBy(SignatureKey.of(answer.node().identityKey()))) {
                        acks.add(ack);
                    }
                } else {
                    failures.add(answer.failure());
                }
            }
            byte[] body = Json.writeBytes(report.apply(
                    new NewUserRelayResponse(relay.committee().index(), "impostor", acks, failures)));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * {@code network} reached through this impostor for the leader of {@code committee}: the
     * registry is the verified one, only the route to that leader leads here, as if the leader
     * itself were the attacker.
     */
    public TrustedNetwork redirect(TrustedNetwork network, int committee) {
        URI leader = network.registry().committee(committee).orElseThrow().leaders().getFirst().url();
        URI impostor = URI.create(url());
        return network.reachedThrough(url -> url.equals(leader) ? impostor : url);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
