package io.sigil.client.sign;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.json.Json;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.registry.governance.RegistryChain;
import io.sigil.wire.NodeView;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WireFields;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignRequestAccepted;
import io.sigil.wire.sign.SignatureStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A communication manager on loopback with the real routes ({@code POST /v1/sign_request},
 * {@code GET /v1/signature/{id}} and its {@code /events} stream) whose answers a test chooses:
 * {@code answer} maps each accepted request and the number of the status query to a status.
 */
public final class StubManager implements AutoCloseable {
    /** A message this manager refuses with 400, as a real one refuses a malformed request. */
    public static final String REFUSED_MESSAGE = "refuse me";
    private final HttpServer server;
    private final String id;
    private final Map<String, SignRequest> requests = new ConcurrentHashMap<>();
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger eventStreams = new AtomicInteger();
    private volatile BiFunction<SignRequest, Integer, SignatureStatus> answer;
    private volatile boolean servesEvents = true;
    private volatile boolean answersOnPost;
    private final List<String> preferences = new CopyOnWriteArrayList<>();
    private final StubRegistry registry;

    public StubManager(String id, BiFunction<SignRequest, Integer, SignatureStatus> answer) throws IOException {
        this.id = id;
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/sign_request", this::signRequest);
        server.createContext("/v1/signature/", this::signature);
        registry = StubRegistry.withManager(id, "http://127.0.0.1:" + server.getAddress().getPort());
        String whoCl = Json.write(WhoClResponse.of(registry.registry(), RegistryChain.genesisOnly(registry.bytes())));
        server.createContext("/v1/who_cl", exchange -> send(exchange, 200, "application/json", whoCl));
        server.start();
    }

    /** Status answers of a correct network: {@code done} with a signature by {@code key} over the request's digest. */
    public static BiFunction<SignRequest, Integer, SignatureStatus> signingWith(Scalar key) {
        return (request, query) -> done(request.requestId(), TestSigner.sign(key, request.digest()), 1);
    }

    public static SignatureStatus done(String requestId, EcdsaSignature signature, int attempts) {
        return new SignatureStatus(requestId, SignatureStatus.DONE, signature.r().toHex(), signature.s().toHex(),
                27 + signature.recoveryId(), WireFields.toHex(signature.toBytes65()), null, List.of(), attempts);
    }

    public static SignatureStatus pending(String requestId) {
        return new SignatureStatus(requestId, SignatureStatus.PENDING, null, null, null, null, null, List.of(), 1);
    }

    public NodeView view() {
        return new NodeView(id, "http://127.0.0.1:" + server.getAddress().getPort(), "00", "00");
    }

    /** The pin of the one-manager network this stub serves as {@code who_cl}. */
    public NetworkPin pin() {
        return registry.pin();
    }

    void stopServingEvents() {
        servesEvents = false;
    }

    /** Honours {@code Prefer: wait} like a current manager: the status answer (query 0) as {@code 200} on the POST. */
    void answerOnPost() {
        answersOnPost = true;
    }

    /** The {@code Prefer} header of every sign_request POST, "" when it had none. */
    List<String> preferences() {
        return List.copyOf(preferences);
    }

    int polls() {
        return polls.get();
    }

    int eventStreams() {
        return eventStreams.get();
    }

    int requestCount() {
        return requests.size();
    }

    SignRequest request(String requestId) {
        return requests.get(requestId);
    }

    private void signRequest(HttpExchange exchange) throws IOException {
        SignRequest request = Json.read(exchange.getRequestBody().readAllBytes(), SignRequest.class);
        if (!request.verifiesWithOwnAccountKey()) {
            send(exchange, 401, "application/problem+json", "{\"type\":\"x\",\"title\":\"unauthorized\",\"status\":401,"
                    + "\"detail\":\"signature: is not the account key's signature\"}");
            return;
        }
        if (REFUSED_MESSAGE.equals(request.message())) {
            send(exchange, 400, "application/problem+json", "{\"type\":\"x\",\"title\":\"bad request\",\"status\":400,"
                    + "\"detail\":\"sign_request: refused\"}");
            return;
        }
        requests.put(request.requestId(), request);
        String prefer = exchange.getRequestHeaders().getFirst("Prefer");
        preferences.add(prefer == null ? "" : prefer);
        if (answersOnPost && prefer != null) {
            exchange.getResponseHeaders().set("Preference-Applied", prefer);
            send(exchange, 200, "application/json", Json.write(answer.apply(request, 0)));
            return;
        }
        send(exchange, 202, "application/json", Json.write(new SignRequestAccepted(request.requestId())));
    }

    private void signature(HttpExchange exchange) throws IOException {
        String rest = exchange.getRequestURI().getPath().substring("/v1/signature/".length());
        boolean events = rest.endsWith("/events");
        String requestId = events ? rest.substring(0, rest.length() - "/events".length()) : rest;
        SignRequest request = requests.get(requestId);
        if (request == null || (events && !servesEvents)) {
            send(exchange, 404, "application/problem+json", "{\"type\":\"x\",\"title\":\"not found\",\"status\":404,"
                    + "\"detail\":\"no such thing\"}");
            return;
        }
        if (events) {
            SignatureStatus status = answer.apply(request, eventStreams.incrementAndGet());
            send(exchange, 200, "text/event-stream",
                    ": a comment line\nevent: status\nid: " + status.status() + "\ndata: " + Json.write(status) + "\n\n");
        } else {
            send(exchange, 200, "application/json", Json.write(answer.apply(request, polls.incrementAndGet())));
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
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
