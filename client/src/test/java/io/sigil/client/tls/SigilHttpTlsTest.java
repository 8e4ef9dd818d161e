package io.sigil.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.tls.CertificateAuthority;
import io.sigil.tls.ServerCertificate;
import io.sigil.tls.TrustBundle;
import io.sigil.wire.Problem;

/**
 * The SDK's TLS against a JDK HTTPS server: a certificate from the configured CA for the URL's
 * host is accepted; one from another CA, or one that names another host, is refused at the
 * handshake with a message saying which; and a plain {@code http://} URL is refused before any
 * connection once a CA bundle is configured.
 */
class SigilHttpTlsTest {
    @TempDir
    Path directory;

    private HttpsServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aCertificateFromTheConfiguredCaForTheHostIsAccepted() throws Exception {
        CertificateAuthority authority = CertificateAuthority.generate("test CA", Duration.ofDays(1));
        URI base = serve(authority.issue("server", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1)));
        Problem answer = sdkTrusting(authority).get(base.resolve("/anything"), Problem.class);
        assertThat(answer.title()).isEqualTo("ok");
        assertThat(requests).hasValue(1);
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        CertificateAuthority network = CertificateAuthority.generate("network CA", Duration.ofDays(1));
        CertificateAuthority impostor = CertificateAuthority.generate("impostor CA", Duration.ofDays(1));
        URI base = serve(impostor.issue("server", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1)));
        assertThatThrownBy(() -> sdkTrusting(network).get(base.resolve("/anything"), Problem.class))
                .isInstanceOf(SigilApiException.class)
                .hasMessageContaining("TLS handshake failed: the server's certificate is not signed by a trusted CA");
        assertThat(requests).hasValue(0);
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        CertificateAuthority authority = CertificateAuthority.generate("test CA", Duration.ofDays(1));
        URI base = serve(authority.issue("elsewhere", List.of("elsewhere.example"), List.of("10.9.8.7"), Duration.ofDays(1)));
        assertThatThrownBy(() -> sdkTrusting(authority).get(base.resolve("/anything"), Problem.class))
                .isInstanceOf(SigilApiException.class)
                .hasMessageContaining("TLS handshake failed: the server's certificate does not name this host");
        assertThat(requests).hasValue(0);
    }

    @Test
    void plainHttpIsRefusedBeforeConnectingOnceACaIsConfigured() throws Exception {
        CertificateAuthority authority = CertificateAuthority.generate("test CA", Duration.ofDays(1));
        URI base = serve(authority.issue("server", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1)));
        URI plain = URI.create("http://127.0.0.1:" + base.getPort() + "/anything");
        assertThatThrownBy(() -> sdkTrusting(authority).post(plain, Problem.class.getName(), Problem.class))
                .isInstanceOf(SigilApiException.class).hasMessageContaining("refusing the plain http:// URL");
        assertThat(requests).hasValue(0);
    }

    private SigilHttp sdkTrusting(CertificateAuthority authority) throws IOException {
        Path bundle = directory.resolve(authority.certificate().getSerialNumber().toString(16) + ".pem");
        authority.writeCertificate(bundle);
        return new SigilHttp(Duration.ofSeconds(5), TrustBundle.load(bundle));
    }

    private URI serve(ServerCertificate certificate) throws IOException {
        SSLContext context = certificate.serverContext();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"type\":\"about:blank\",\"title\":\"ok\",\"status\":200}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort());
    }
}
