package io.sigil.devnet.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetChange;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.json.Json;
import io.sigil.service.StartFailure;

/**
 * The running devnet's control endpoint, for fault drills from another shell
 * ({@code sigil devnet stop-node node-1a}, {@code start-node}): plain HTTP on a random loopback
 * port, recorded with a random bearer token in the devnet's {@code network.json} (owner-only), so
 * only someone who can read the devnet's data directory can stop its nodes. Stopping a node
 * closes its application context exactly as {@link Devnet#stop} does in tests; starting it again
 * reopens its store on the same port.
 *
 * <p>{@code POST /nodes/{id}/stop}, {@code POST /nodes/{id}/start}, {@code GET /nodes},
 * {@code POST /epoch/join} (start the nodes of a laid-out change joining, {@link DevnetChange}),
 * {@code POST /epoch/committed} (the change committed: switch the devnet's files to it): answers are
 * JSON, {@code {"node": ..., "running": ...}} or {@code {"error": ...}}.
 */
public final class DevnetControlServer implements AutoCloseable {
    private final HttpServer server;
    private final String token;
    private final Devnet devnet;

    private DevnetControlServer(HttpServer server, String token, Devnet devnet) {
        this.server = server;
        this.token = token;
        this.devnet = devnet;
    }

    public static DevnetControlServer start(Devnet devnet) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        DevnetControlServer control = new DevnetControlServer(server, HexFormat.of().formatHex(secret), devnet);
        server.createContext("/nodes", control::handle);
        server.createContext("/epoch/join", control::handle);
        server.createContext("/epoch/committed", control::handle);
        // one node at a time: a stop and a start of the same node must not interleave
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "devnet-control");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return control;
    }

    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** The bearer token a client presents; a secret of the same standing as the devnet's keys beside it. */
    public String token() {
        return token;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream ignored = exchange.getRequestBody()) {
            String presented = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
            if (presented == null || !MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
                answer(exchange, 401, Map.of("error", "missing or wrong control token"));
                return;
            }
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String method = exchange.getRequestMethod();
            if (exchange.getRequestURI().getPath().equals("/epoch/join") && method.equals("POST")) {
                join(exchange);
            } else if (exchange.getRequestURI().getPath().equals("/epoch/committed") && method.equals("POST")) {
                committed(exchange);
            } else if (parts.length == 2 && method.equals("GET")) {
                Map<String, Object> nodes = new LinkedHashMap<>();
                allNodes().forEach(node -> nodes.put(node.id(), devnet.isRunning(node.id())));
                answer(exchange, 200, Map.of("nodes", nodes));
            } else if (parts.length == 4 && method.equals("POST") && (parts[3].equals("stop") || parts[3].equals("start"))) {
                changeNode(exchange, parts[2], parts[3].equals("start"));
            } else {
                answer(exchange, 404, Map.of("error", "no such control action"));
            }
        }
    }

    private void changeNode(HttpExchange exchange, String nodeId, boolean start) throws IOException {
        DevnetNode node = allNodes().stream().filter(candidate -> candidate.id().equals(nodeId))
                .findFirst().orElse(null);
        if (node == null) {
            answer(exchange, 404, Map.of("error", "the devnet has no node " + nodeId + " (it has "
                    + String.join(", ", allNodes().stream().map(DevnetNode::id).toList()) + ")"));
            return;
        }
        if (devnet.isRunning(nodeId) == start) {
            answer(exchange, 409, Map.of("error", nodeId + " is already " + (start ? "running" : "stopped")));
            return;
        }
        try {
            if (start) {
                devnet.restart(nodeId);
            } else {
                devnet.stop(nodeId);
            }
        } catch (RuntimeException failed) {
            answer(exchange, 500, Map.of("error", nodeId + " could not " + (start ? "start" : "stop") + ": "
                    + StartFailure.describe(failed)));
            return;
        }
        answer(exchange, 200, Map.of("node", nodeId, "running", start, "url", node.url()));
    }

    /** The devnet's nodes and those it started joining. */
    private List<DevnetNode> allNodes() {
        List<DevnetNode> nodes = new ArrayList<>(devnet.layout().nodes());
        nodes.addAll(devnet.joiningNodes());
        return nodes;
    }

    /**
     * Starts joining the nodes of the change laid out in the devnet's directory
     * ({@link DevnetChange}): {@code {"started": [ids], "joining": [ids]}}.
     */
    private void join(HttpExchange exchange) throws IOException {
        Optional<DevnetChange.Prepared> change = laidOut(exchange);
        if (change.isEmpty()) {
            return;
        }
        try {
            List<String> started = devnet.join(change.get());
            answer(exchange, 200, Map.of("started", started,
                    "joining", change.get().joining().stream().map(DevnetNode::id).toList()));
        } catch (RuntimeException failed) {
            answer(exchange, 500, Map.of("error", "the joining nodes could not start: " + StartFailure.describe(failed)));
        }
    }

    /**
     * After the laid-out change committed: the devnet's files become the new epoch, retired nodes
     * stop, managers restart ({@link Devnet#committed}).
     */
    private void committed(HttpExchange exchange) throws IOException {
        Optional<DevnetChange.Prepared> change = laidOut(exchange);
        if (change.isEmpty()) {
            return;
        }
        try {
            Devnet.Committed done = devnet.committed(change.get());
            answer(exchange, 200, Map.of("epoch", done.epoch(), "stopped", done.retiredStopped(),
                    "restarted", done.restarted()));
        } catch (IOException | RuntimeException failed) {
            answer(exchange, 500, Map.of("error", "the devnet could not switch to the committed epoch: "
                    + StartFailure.describe(failed)));
        }
    }

    /** The change laid out in the devnet's directory; when there is none, answers 404 and returns empty. */
    private Optional<DevnetChange.Prepared> laidOut(HttpExchange exchange) throws IOException {
        Optional<DevnetChange.Prepared> change = DevnetChange.read(devnet.layout().directory(), devnet.registry());
        if (change.isEmpty()) {
            answer(exchange, 404, Map.of("error", "no change laid out in " + devnet.layout().directory()
                    .resolve(DevnetChange.DIRECTORY)));
        }
        return change;
    }

    private static void answer(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = Json.writeBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
