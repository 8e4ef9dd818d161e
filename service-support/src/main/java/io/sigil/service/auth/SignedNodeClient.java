package io.sigil.service.auth;

import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.registry.NodeEntry;
import io.sigil.service.node.LocalNode;
import io.sigil.service.tls.NodeTls;
import io.sigil.wire.Problem;
import io.sigil.wire.auth.NodeRequestSignature;
import io.sigil.wire.io.BoundedBodies;
import io.sigil.wire.io.OversizedInputException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * This node's HTTP client to other nodes: every request is signed with its identity key for the
 * one node it is sent to ({@link NodeRequestSignature}). Blocking; callers run it on virtual
 * threads. Answers are returned raw (status and body) because callers turn a peer's refusal into
 * their own report. An answer body is read only up to {@link #MAX_ANSWER_BYTES}: a longer one
 * fails the call with an {@link java.io.IOException} caused by {@link OversizedInputException}
 * (see {@link #oversized}), which callers report as an invalid answer of that peer. With TLS on
 * ({@link NodeTls}) it trusts only the configured CA bundle, checks each server's name against its
 * certificate, and refuses a peer whose registry URL is plain {@code http://}.
 */
@Singleton
public final class SignedNodeClient {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int MAX_ANSWER_BYTES = BoundedBodies.DEFAULT_MAX_BYTES;

    private final LocalNode local;
    private final NodeTls tls;
    private final HttpClient http;

    SignedNodeClient(LocalNode local, NodeTls tls) {
        this.local = local;
        this.tls = tls;
        // HTTP/1.1 with keep-alive: the services speak nothing else, and the client's default
        // (HTTP/2) sends an h2c upgrade offer with every request on a plain-http connection.
        this.http = tls.clientBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** What a peer answered. */
    public record Answer(int status, byte[] body) {
        public boolean isSuccess() {
            return status / 100 == 2;
        }

        /** The peer's problem+json body, when it answered with one. */
        public Optional<Problem> problem() {
            try {
                return Optional.ofNullable(Json.read(body, Problem.class));
            } catch (JsonFormatException notProblem) {
                return Optional.empty();
            }
        }
    }

    /**
     * POSTs {@code body} (already JSON) to {@code path} on node {@code target}, signed for it.
     *
     * @throws io.sigil.service.tls.PlainHttpRefusedException when TLS is on and {@code target}'s URL is plain http
     */
    public Answer post(NodeEntry target, String path, byte[] body) throws IOException, InterruptedException {
        return post(target, path, body, REQUEST_TIMEOUT);
    }

    /** {@link #post(NodeEntry, String, byte[])} with its own timeout, for calls that compute a lot (a pairwise setup). */
    public Answer post(NodeEntry target, String path, byte[] body, Duration timeout) throws IOException, InterruptedException {
        requireSecure(target.url());
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.url().resolve(path)).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        sign(builder, target.id(), "POST", path, body);
        HttpResponse<byte[]> response = http.send(builder.build(), BoundedBodies.ofByteArray(MAX_ANSWER_BYTES));
        return new Answer(response.statusCode(), response.body());
    }

    /** GETs a public route ({@code /v1/epoch}, unsigned: anyone may read it) on node {@code target}, bounded like a post. */
    public Answer get(NodeEntry target, String path) throws IOException, InterruptedException {
        requireSecure(target.url());
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(target.url().resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").GET().build(), BoundedBodies.ofByteArray(MAX_ANSWER_BYTES));
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * GETs a signed route on node {@code target} (signed for it, as a post is), waiting at most
     * {@code timeout} and reading at most {@code maxAnswerBytes} of its answer.
     */
    public Answer signedGet(NodeEntry target, String path, Duration timeout, int maxAnswerBytes)
            throws IOException, InterruptedException {
        requireSecure(target.url());
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.url().resolve(path)).timeout(timeout)
                .header("Accept", "application/json").GET();
        sign(builder, target.id(), "GET", path, new byte[0]);
        HttpResponse<byte[]> response = http.send(builder.build(), BoundedBodies.ofByteArray(maxAnswerBytes));
        return new Answer(response.statusCode(), response.body());
    }

    public Answer postJson(NodeEntry target, String path, Object body) throws IOException, InterruptedException {
        return post(target, path, Json.writeBytes(body));
    }

    /** Adds the signature headers for {@code method path} with {@code body}, sent to {@code targetNodeId}. */
    public void sign(HttpRequest.Builder builder, String targetNodeId, String method, String path, byte[] body) {
        Map<String, String> headers = NodeRequestSignature.headers(local.identity(), local.id(), targetNodeId, method,
                path, body, System.currentTimeMillis());
        headers.forEach(builder::header);
    }

    /**
     * Refuses a plain {@code http://} peer URL while TLS is on; callers that open their own
     * requests on {@link #http()} (event streams) call it first.
     */
    public void requireSecure(URI base) throws IOException {
        tls.requireSecure(base);
    }

    /** When {@code failure} of a call is an oversized answer: a detail naming the peer, for its culprit report. */
    public static Optional<String> oversized(String peer, IOException failure) {
        return OversizedInputException.in(failure).map(oversized -> "node " + peer + " answered with a body longer than "
                + oversized.limit() + " bytes");
    }

    public HttpClient http() {
        return http;
    }
}
