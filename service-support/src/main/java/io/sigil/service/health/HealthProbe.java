package io.sigil.service.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import javax.net.ssl.HttpsURLConnection;

import io.sigil.tls.TlsConfigurationException;
import io.sigil.tls.TrustBundle;

/**
 * The container image's HEALTHCHECK: asks this container's own service for
 * {@code /health/readiness} and exits 0 only on {@code 200}. A Java main class rather than curl
 * or wget because the base image may be a bare JDK runtime; it uses only {@code java.base} so it
 * starts in a fraction of a second, and never touches Micronaut.
 *
 * <p>Port: the first argument, else {@code SIGIL_PORT}, else 8080. Path: the second argument,
 * else {@code /health/readiness}.
 *
 * <p>With TLS on ({@code SIGIL_TLS_CERT} set) it asks {@code https://localhost} and trusts
 * {@code SIGIL_TLS_CA}, or the service's own certificate when no CA is given. The host name is
 * not compared with the certificate: the probe talks to its own container over loopback, where
 * the certificate's names (the in-cluster DNS names) do not apply; the chain is still checked.
 */
public final class HealthProbe {
    private static final int TIMEOUT_MILLIS = 3000;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        String port = args.length > 0 ? args[0] : System.getenv().getOrDefault("SIGIL_PORT", "8080");
        String path = args.length > 1 ? args[1] : "/health/readiness";
        System.exit(probe(port, path, trustFrom(System.getenv())));
    }

    /** The file whose certificates the probe trusts when TLS is on; null when it is off. */
    static Path trustFrom(Map<String, String> environment) {
        String certificate = environment.getOrDefault("SIGIL_TLS_CERT", "");
        if (certificate.isBlank()) {
            return null;
        }
        String ca = environment.getOrDefault("SIGIL_TLS_CA", "");
        return Path.of(ca.isBlank() ? certificate.strip() : ca.strip());
    }

    static int probe(String port, String path) {
        return probe(port, path, null);
    }

    static int probe(String port, String path, Path trust) {
        try {
            int number = Integer.parseInt(port.strip());
            URI target = URI.create((trust == null ? "http://127.0.0.1:" : "https://localhost:") + number + path);
            HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
            if (connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(TrustBundle.load(trust).sslContext().getSocketFactory());
                https.setHostnameVerifier((host, session) -> true);
            }
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            int status = connection.getResponseCode();
            // Drain the body so the status line is not the only thing read; its content is not needed.
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.transferTo(OutputStream.nullOutputStream());
                }
            }
            connection.disconnect();
            System.out.println(path + ": " + status);
            return status == 200 ? 0 : 1;
        } catch (NumberFormatException badPort) {
            System.out.println("health probe: port is not a number: " + port);
            return 2;
        } catch (IOException | IllegalArgumentException | TlsConfigurationException unreachable) {
            System.out.println(path + ": " + unreachable.getClass().getSimpleName() + " " + unreachable.getMessage());
            return 1;
        }
    }
}
