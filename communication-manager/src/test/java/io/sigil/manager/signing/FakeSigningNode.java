package io.sigil.manager.signing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.ecdsa.EcdsaSignature;
import io.sigil.identity.NodeIdentity;
import io.sigil.identity.SignatureKey;
import io.sigil.json.Json;
import io.sigil.registry.PublicKeyBytes;
import io.sigil.wire.Problem;
import io.sigil.wire.WireFields;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SignatureStatus;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;

/**
 * A stand-in for a signing node in the manager's tests: a JDK HTTP server that checks the
 * manager's signature on {@code /v1/new_party}, answers it, and posts a node-signed
 * {@code /v1/report} back with its real registry identity. The "threshold" signature it reports
 * is a plain Bouncy Castle ECDSA signature with the test key, because the manager only verifies
 * what it is given; the threshold protocol itself is tested in common and testing-utils.
 */
final class FakeSigningNode implements AutoCloseable {
    enum Behaviour {
        /** 202, then a done report with a valid signature. */
        SIGN,
        /** 503 to new_party. */
        REFUSE,
        /** 202 and never a report. */
        SILENT,
        /** 202, then a failed report blaming {@link #blame}. */
        FAIL_BLAMING,
        /** 202, then a done report with a signature over another digest. */
        BAD_SIGNATURE,
        /** 202, then a failed report blaming every other member (what a node does whose peers never speak). */
        FAIL_BLAMING_PEERS,
        /** 403 policy-denied to new_party: the key's policy denies the request. */
        DENY
    }

    record ReportAnswer(int attempt, int status, String body) {
    }

    private final String id;
    private final NodeIdentity identity;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile boolean closed;
    private volatile Supplier<URI> manager;
    private volatile PublicKeyBytes managerKey;
    private volatile Scalar signingKey;
    volatile Behaviour behaviour = Behaviour.SIGN;
    volatile String blame;
    /** The behaviour applies up to this attempt; later attempts are served with {@link Behaviour#SIGN}. */
    volatile int misbehaveThroughAttempt = Integer.MAX_VALUE;
    /** When set, the node reports only once this opens (e.g. another node's report was answered). */
    volatile CountDownLatch reportAfter;
    /** Opens when the manager answered this node's first report. */
    final CountDownLatch firstReportAnswered = new CountDownLatch(1);
    final List<NewParty> received = new CopyOnWriteArrayList<>();
    final List<ReportAnswer> reportAnswers = new CopyOnWriteArrayList<>();
    /** The signatures it archived by request id (a real node archives before it reports), for {@code GET /v1/signature}. */
    final Map<String, SignatureStatus> archive = new ConcurrentHashMap<>();
    /** The request ids the manager asked it for an archived signature, in manager-signed GETs. */
    final List<String> archiveQueries = new CopyOnWriteArrayList<>();

    FakeSigningNode(String id) throws IOException {
        this.id = id;
        this.identity = NodeIdentity.generate();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/v1/new_party", this::newParty);
        server.createContext("/v1/signature/", this::archivedSignature);
        server.start();
    }

    void connect(Supplier<URI> managerUrl, PublicKeyBytes managerIdentity, Scalar key) {
        this.manager = managerUrl;
        this.managerKey = managerIdentity;
        this.signingKey = key;
    }

    String id() {
        return id;
    }

    NodeIdentity identity() {
        return identity;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Integer> attemptsReceived() {
        return received.stream().map(NewParty::attempt).toList();
    }

    private void newParty(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (!signedByManager(exchange, body)) {
            answer(exchange, 401);
            return;
        }
        NewParty party = Json.read(body, NewParty.class);
        received.add(party);
        Behaviour now = party.attempt() <= misbehaveThroughAttempt ? behaviour : Behaviour.SIGN;
        if (now == Behaviour.REFUSE) {
            answer(exchange, 503);
            return;
        }
        if (now == Behaviour.DENY) {
            byte[] problem = Json.writeBytes(new Problem(Problem.TYPE_PREFIX + "policy-denied", "Denied by the key's policy",
                    403, "policy version 1 of key k denies this request: rule 'tx.value <= 10u' is false", null));
            exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
            exchange.sendResponseHeaders(403, problem.length);
            exchange.getResponseBody().write(problem);
            exchange.close();
            return;
        }
        answer(exchange, 202);
        if (now != Behaviour.SILENT) {
            Thread.ofVirtual().start(() -> report(party, now));
        }
    }

    /** Keeps {@code signature} as this node's archived signature of {@code requestId}. */
    void archive(String requestId, int attempt, EcdsaSignature signature) {
        archive.put(requestId, new SignatureStatus(requestId, SignatureStatus.DONE, WireFields.toHex(signature.r().toBytes()),
                WireFields.toHex(signature.s().toBytes()), 27 + signature.recoveryId(),
                WireFields.toHex(signature.toBytes65()), null, List.of(), attempt));
    }

    private void archivedSignature(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!signedByManager(exchange, "GET", path, new byte[0])) {
            answer(exchange, 401);
            return;
        }
        String requestId = path.substring("/v1/signature/".length());
        archiveQueries.add(requestId);
        SignatureStatus archived = archive.get(requestId);
        if (archived == null) {
            answer(exchange, 404);
            return;
        }
        byte[] body = Json.writeBytes(archived);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private boolean signedByManager(HttpExchange exchange, byte[] body) {
        return signedByManager(exchange, "POST", "/v1/new_party", body);
    }

    private boolean signedByManager(HttpExchange exchange, String method, String path, byte[] body) {
        String node = exchange.getRequestHeaders().getFirst(NodeRequestSignature.NODE_HEADER);
        String time = exchange.getRequestHeaders().getFirst(NodeRequestSignature.TIMESTAMP_HEADER);
        String nonce = exchange.getRequestHeaders().getFirst(NodeRequestSignature.NONCE_HEADER);
        String signature = exchange.getRequestHeaders().getFirst(NodeRequestSignature.SIGNATURE_HEADER);
        if (node == null || time == null || nonce == null || signature == null) {
            return false;
        }
        byte[] message = NodeRequestSignature.signedMessage(method, path, node, id, Long.parseLong(time),
                WireFields.hex("nonce", nonce, NodeRequestSignature.NONCE_LENGTH), body);
        return SignatureKey.of(managerKey).verifies(message, WireFields.base64("signature", signature, 64));
    }

    private static void answer(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private void report(NewParty party, Behaviour now) {
        CountDownLatch gate = reportAfter;
        try {
            if (gate != null && !gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(id + " waited 60 s for its turn to report");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return;
        }
        byte[] sessionId = party.sessionIdBytes();
        SessionReport report = switch (now) {
            case SIGN -> {
                EcdsaSignature signature = sign(party.request().digest());
                archive(party.requestId(), party.attempt(), signature);
                yield SessionReport.done(party.requestId(), party.attempt(), sessionId, id, signature);
            }
            case BAD_SIGNATURE -> SessionReport.done(party.requestId(), party.attempt(), sessionId, id,
                    sign(new byte[32]));
            case FAIL_BLAMING -> SessionReport.failed(party.requestId(), party.attempt(), sessionId, id,
                    "Timeout: waiting for " + blame, List.of(blame));
            case FAIL_BLAMING_PEERS -> {
                List<String> peers = party.signingParty().members().stream().map(member -> member.nodeId())
                        .filter(member -> !member.equals(id)).toList();
                yield SessionReport.failed(party.requestId(), party.attempt(), sessionId, id,
                        "Timeout: waiting for " + peers, peers);
            }
            default -> throw new IllegalStateException("no report for " + now);
        };
        ReportAnswer answer = postReport(Json.writeBytes(report), true);
        reportAnswers.add(new ReportAnswer(party.attempt(), answer.status(), answer.body()));
        firstReportAnswered.countDown();
    }

    /** Posts a report body, node-signed when {@code signed}. */
    ReportAnswer postReport(byte[] body, boolean signed) {
        HttpRequest.Builder request = HttpRequest.newBuilder(manager.get().resolve("/v1/report"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signed) {
            NodeRequestSignature.headers(identity, id, ManagerNetwork.MANAGER_ID, "POST", "/v1/report", body, System.currentTimeMillis())
                    .forEach(request::header);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ReportAnswer(0, response.statusCode(), response.body());
        } catch (IOException | InterruptedException failed) {
            return new ReportAnswer(0, -1, failed.toString());
        }
    }

    /** Deterministic (RFC 6979) ECDSA with the test key, low s, with its recovery id. */
    EcdsaSignature sign(byte[] digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, new ECPrivateKeyParameters(signingKey.toBigInteger(), Secp256k1.domain()));
        BigInteger[] rs = signer.generateSignature(digest);
        Point publicKey = Point.baseMultiply(signingKey);
        for (int recoveryId = 0; recoveryId < 4; recoveryId++) {
            EcdsaSignature candidate = new EcdsaSignature(Scalar.fromBigInteger(rs[0]), Scalar.fromBigInteger(rs[1]),
                    recoveryId).normalizeLowS();
            try {
                if (candidate.recoverPublicKey(digest).equals(publicKey)) {
                    return candidate;
                }
            } catch (IllegalArgumentException noKeyForThisId) {
                // try the next id
            }
        }
        throw new IllegalStateException("no recovery id reproduces the key");
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
        }
    }
}
