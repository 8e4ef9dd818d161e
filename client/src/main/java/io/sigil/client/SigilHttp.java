package io.sigil.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.tls.TrustBundle;
import io.sigil.wire.Problem;
import io.sigil.wire.io.BoundedBodies;
import io.sigil.wire.io.OversizedInputException;

/**
 * The SDK's HTTP: JDK client, JSON through {@link Json}, problem+json errors turned into
 * {@link SigilApiException}, answers read up to {@link #MAX_ANSWER_BYTES} only. No server
 * libraries, so wallets can embed the SDK.
 *
 * <p>Given a CA bundle ({@link #SigilHttp(Duration, TrustBundle)}, the CLI's {@code --ca}) it
 * trusts only that bundle, checks every server's name against its certificate (hostname
 * verification), and refuses plain {@code http://} URLs, including ones a node's discovery answer
 * hands out. Without one, it uses the JDK's trusted roots and allows both schemes.
 */
public final class SigilHttp {
    /** No answer of a node, leader or manager comes near this; a longer one is refused unread. */
    public static final int MAX_ANSWER_BYTES = BoundedBodies.DEFAULT_MAX_BYTES;
    private final HttpClient http;
    private final Duration timeout;
    private final Optional<TrustBundle> trust;

    public SigilHttp(Duration timeout) {
        this(timeout, Optional.empty());
    }

    /** Trusts only {@code trust}'s certificates and speaks only HTTPS. */
    public SigilHttp(Duration timeout, TrustBundle trust) {
        this(timeout, Optional.of(trust));
    }

    public SigilHttp(Duration timeout, Optional<TrustBundle> trust) {
        this.timeout = timeout;
        this.trust = trust;
        this.http = clientBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** A JDK client builder with this SDK's trust (for callers that need their own client, e.g. streams). */
    public HttpClient.Builder clientBuilder() {
        HttpClient.Builder builder = HttpClient.newBuilder();
        return trust.map(bundle -> bundle.configure(builder)).orElse(builder);
    }

    public Optional<TrustBundle> trust() {
        return trust;
    }

    /** Refuses a plain {@code http://} URL when a CA bundle is configured. */
    public void requireSecure(URI uri) throws SigilApiException {
        if (trust.isPresent() && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new SigilApiException("refusing the plain http:// URL " + uri + ": a CA bundle is configured ("
                    + trust.get().source() + "), so only https:// is used", 0, null);
        }
    }

    public <T> T get(URI uri, Class<T> type) throws SigilApiException {
        requireSecure(uri);
        return send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(), type);
    }

    public <T> T post(URI uri, Object body, Class<T> type) throws SigilApiException {
        requireSecure(uri);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body))).build();
        return send(request, type);
    }

    /** POSTs exactly {@code body} (JSON bytes) with extra {@code headers}, e.g. a node-request signature over it. */
    public <T> T post(URI uri, byte[] body, Map<String, String> headers, Class<T> type) throws SigilApiException {
        requireSecure(uri);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return send(builder.build(), type);
    }

    /** A {@code 2xx} answer whose status tells what its body is (e.g. {@code 200} final, {@code 202} accepted). */
    public record Answer(URI uri, int status, byte[] body) {
        /** The body as {@code type}, or a {@link SigilApiException} naming what it is not. */
        public <T> T read(Class<T> type) throws SigilApiException {
            return SigilHttp.read(uri, status, body, type);
        }
    }

    /** The most a {@code POST} asks a manager to hold its answer (the manager caps it too). */
    public static final Duration MAX_PREFERRED_WAIT = Duration.ofSeconds(30);

    /**
     * The wait to ask for a request its caller awaits up to {@code timeout}: that, at most
     * {@link #MAX_PREFERRED_WAIT}.
     */
    public static Duration preferredWait(Duration timeout) {
        return timeout.compareTo(MAX_PREFERRED_WAIT) > 0 ? MAX_PREFERRED_WAIT : timeout;
    }

    /**
     * POSTs {@code body} asking the server to hold its answer up to {@code wait} (RFC 7240
     * {@code Prefer: wait=N}, whole seconds; docs/client-protocol.md "Answer on the POST"): a server
     * that honours it answers {@code 200} with the final status when the request became final within
     * the wait, else {@code 202}; one that does not always answers {@code 202}. The call's own timeout
     * is this client's timeout on top of the wait.
     */
    public Answer postWaiting(URI uri, Object body, Duration wait) throws SigilApiException {
        requireSecure(uri);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout.plus(wait))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Prefer", "wait=" + wait.toSeconds())
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body))).build();
        HttpResponse<byte[]> response = exchange(request);
        return new Answer(request.uri(), response.statusCode(), response.body());
    }

    private <T> T send(HttpRequest request, Class<T> type) throws SigilApiException {
        HttpResponse<byte[]> response = exchange(request);
        return read(request.uri(), response.statusCode(), response.body(), type);
    }

    /** The answer, when it is a {@code 2xx}; otherwise its problem as a {@link SigilApiException}. */
    private HttpResponse<byte[]> exchange(HttpRequest request) throws SigilApiException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, BoundedBodies.ofByteArray(MAX_ANSWER_BYTES));
        } catch (IOException unreachable) {
            if (OversizedInputException.in(unreachable).isPresent()) {
                throw new SigilApiException(request.uri() + " answered with a body longer than " + MAX_ANSWER_BYTES
                        + " bytes", unreachable);
            }
            throw new SigilApiException("cannot reach " + request.uri() + ": " + describe(unreachable), unreachable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SigilApiException("interrupted while calling " + request.uri(), interrupted);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            Problem problem = null;
            try {
                problem = Json.read(response.body(), Problem.class);
            } catch (JsonFormatException notProblem) {
                // fall through with the bare status
            }
            String detail = problem == null ? "" : ": " + problem.detail();
            throw new SigilApiException(request.method() + " " + request.uri() + " answered " + status + detail,
                    status, problem);
        }
        return response;
    }

    private static <T> T read(URI uri, int status, byte[] body, Class<T> type) throws SigilApiException {
        try {
            return Json.read(body, type);
        } catch (JsonFormatException malformed) {
            throw new SigilApiException(uri + " answered something that is not a "
                    + type.getSimpleName() + " (" + malformed.getMessage() + ")", status, null);
        }
    }

    /**
     * A person-readable reason; TLS failures say what was wrong with the server's certificate or
     * protocol rather than only the JDK's exception text, and connection failures (which often carry
     * no message at all) say what happened.
     */
    public static String describe(IOException failure) {
        SSLHandshakeException handshake = find(failure, SSLHandshakeException.class);
        if (handshake != null) {
            if (find(failure, CertificateException.class) != null && mentions(failure, "subject alternative")) {
                return "TLS handshake failed: the server's certificate does not name this host (" + innermost(failure) + ")";
            }
            if (find(failure, CertificateException.class) != null || mentions(failure, "PKIX")) {
                return "TLS handshake failed: the server's certificate is not signed by a trusted CA (pass the "
                        + "network's CA bundle with --ca or SIGIL_CA) (" + innermost(failure) + ")";
            }
            return "TLS handshake failed: " + innermost(failure);
        }
        if (find(failure, SSLException.class) != null) {
            return "TLS failed (is the service serving plain http, or https on another port?): " + innermost(failure);
        }
        if (failure instanceof ConnectException) {
            return failure.getCause() instanceof UnresolvedAddressException ? "unknown host" : "connection refused";
        }
        if (failure instanceof HttpTimeoutException) {
            return "no answer within the timeout";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }

    private static <E extends Throwable> E find(Throwable failure, Class<E> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static boolean mentions(Throwable failure, String text) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }

    private static String innermost(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
