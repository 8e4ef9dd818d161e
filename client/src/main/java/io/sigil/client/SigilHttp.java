package io.sigil.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.wire.Problem;

/**
 * The SDK's HTTP: JDK client, JSON through {@link Json}, problem+json errors turned into
 * {@link SigilApiException}. No server libraries, so wallets can embed the SDK.
 */
public final class SigilHttp {
    private final HttpClient http;
    private final Duration timeout;

    public SigilHttp(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public <T> T get(URI uri, Class<T> type) throws SigilApiException {
        return send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(), type);
    }

    public <T> T post(URI uri, Object body, Class<T> type) throws SigilApiException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body))).build();
        return send(request, type);
    }

    private <T> T send(HttpRequest request, Class<T> type) throws SigilApiException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException unreachable) {
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
        try {
            return Json.read(response.body(), type);
        } catch (JsonFormatException malformed) {
            throw new SigilApiException(request.uri() + " answered something that is not a "
                    + type.getSimpleName() + " (" + malformed.getMessage() + ")", status, null);
        }
    }

    /** The JDK's connection failures often carry no message at all; say what happened. */
    private static String describe(IOException failure) {
        if (failure instanceof java.net.ConnectException) {
            return failure.getCause() instanceof java.nio.channels.UnresolvedAddressException
                    ? "unknown host" : "connection refused";
        }
        if (failure instanceof java.net.http.HttpTimeoutException) {
            return "no answer within the timeout";
        }
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
