package io.sigil.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The image's HEALTHCHECK probe against a loopback server answering as a service would. */
class HealthProbeTest {
    private HttpServer server;
    private volatile int readinessStatus = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health/readiness", exchange -> {
            byte[] body = "{\"status\":\"whatever\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(readinessStatus, body.length);
            exchange.getResponseBody().write(body);
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
    void readyServiceIsHealthy() {
        assertThat(HealthProbe.probe(port(), "/health/readiness")).isZero();
    }

    @Test
    void unreadyServiceIsUnhealthy() {
        readinessStatus = 503;
        assertThat(HealthProbe.probe(port(), "/health/readiness")).isEqualTo(1);
    }

    @Test
    void unknownPathIsUnhealthy() {
        assertThat(HealthProbe.probe(port(), "/health/nothing-here")).isEqualTo(1);
    }

    @Test
    void nothingListeningIsUnhealthy() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        assertThat(HealthProbe.probe(Integer.toString(closedPort), "/health/readiness")).isEqualTo(1);
    }

    @Test
    void portThatIsNotANumberIsAConfigurationError() {
        assertThat(HealthProbe.probe("eighty", "/health/readiness")).isEqualTo(2);
    }
}
