package io.sigil.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sigil.tls.CertificateAuthority;
import io.sigil.tls.ServerCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HEALTHCHECK probe of a service with TLS on: it speaks HTTPS to the service's own port,
 * trusting SIGIL_TLS_CA (or the service's own certificate) and refusing a server whose chain does
 * not lead there; the certificate's names are not compared (the probe uses loopback).
 */
class HealthProbeTlsTest {
    @TempDir
    Path directory;

    private HttpsServer server;
    private Path ca;
    private Path certificate;

    @BeforeEach
    void start() throws IOException {
        CertificateAuthority authority = CertificateAuthority.generate("probe CA", Duration.ofDays(1));
        ca = directory.resolve("ca.pem");
        certificate = directory.resolve("cert.pem");
        authority.writeCertificate(ca);
        // In-cluster names only: the probe must still reach its own container over loopback.
        ServerCertificate issued = authority.issue("node-1a", List.of("node-1a-0.sigil-signing.sigil.svc.cluster.local"),
                List.of(), Duration.ofDays(1));
        issued.writeTo(certificate, directory.resolve("key.pem"));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(issued.serverContext()));
        server.createContext("/health/readiness", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String port() {
        return Integer.toString(server.getAddress().getPort());
    }

    @Test
    void withTlsTheProbeTrustsTheCaOrElseTheServicesOwnCertificate() {
        assertThat(HealthProbe.trustFrom(Map.of())).isNull();
        assertThat(HealthProbe.trustFrom(Map.of("SIGIL_TLS_CERT", certificate.toString(), "SIGIL_TLS_CA", ca.toString())))
                .isEqualTo(ca);
        assertThat(HealthProbe.trustFrom(Map.of("SIGIL_TLS_CERT", certificate.toString()))).isEqualTo(certificate);
        assertThat(HealthProbe.probe(port(), "/health/readiness", ca)).isZero();
        assertThat(HealthProbe.probe(port(), "/health/readiness", certificate)).isZero();
    }

    @Test
    void aServerOutsideTheTrustedChainIsUnhealthy() throws IOException {
        Path other = directory.resolve("other-ca.pem");
        CertificateAuthority.generate("another CA", Duration.ofDays(1)).writeCertificate(other);
        assertThat(HealthProbe.probe(port(), "/health/readiness", other)).isEqualTo(1);
    }

    @Test
    void plainHttpToTheTlsPortIsUnhealthy() {
        assertThat(HealthProbe.probe(port(), "/health/readiness")).isEqualTo(1);
    }
}
