package io.sigil.testing.trust;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.sigil.json.Json;
import io.sigil.wire.WhoClResponse;

/**
 * An attacker's node on loopback: it answers {@code who_cl} with whatever the test makes it say
 * and records every other request it gets (a leader's {@code new_user}, a manager's
 * {@code sign_request}, ...), which is what it could try to open.
 */
final class FakeEntryNode implements AutoCloseable {
    private final HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile String whoCl = "{}";

    FakeEntryNode() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void answer(WhoClResponse answer) {
        whoCl = Json.write(answer);
    }

    /** Every request but {@code GET /v1/who_cl}, as {@code "METHOD path (bytes)"}. */
    List<String> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestMethod().equals("GET") && path.equals("/v1/who_cl")) {
            send(exchange, 200, whoCl);
            return;
        }
        received.add(exchange.getRequestMethod() + " " + path + " (" + body.length + " bytes)");
        send(exchange, 503, "{\"type\":\"urn:sigil:problem:unavailable\",\"title\":\"unavailable\",\"status\":503}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
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
