package io.sigil.testing.containers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits, from the test JVM, until a container answers {@code 200} on {@code /health/readiness}
 * over HTTPS verified against the run's CA (and the certificate's names: the test host is among
 * them).
 *
 * <p>Why not Docker's own health monitoring: it runs the image's HEALTHCHECK, a fresh JVM doing a
 * TLS handshake, in every container on every tick. Ten such probes a second next to ten services
 * starting on a 2-core machine starved the services (under one CPU-second each in 90 s) until the
 * start-up timed out. Polling from here costs the containers one request per tick; the image's
 * HEALTHCHECK command is still proven, once per image, by {@link SigilContainers#runImageHealthcheck}.
 */
final class ReadinessOverTls extends AbstractWaitStrategy {
    private static final Duration POLL = Duration.ofMillis(500);

    private final HttpClient client;

    ReadinessOverTls(HttpClient client) {
        this.client = client;
    }

    @Override
    protected void waitUntilReady() {
        URI readiness = URI.create("https://" + waitStrategyTarget.getHost() + ":"
                + waitStrategyTarget.getMappedPort(ContainerLayout.PORT) + "/health/readiness");
        Instant deadline = Instant.now().plus(startupTimeout);
        String last = "no answer yet";
        while (Instant.now().isBefore(deadline)) {
            if (!waitStrategyTarget.isRunning()) {
                throw new ContainerLaunchException("the container stopped before it was ready (last: " + last + ")");
            }
            try {
                HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
                last = "status " + answer.statusCode();
            } catch (IOException notYet) {
                last = notYet.getClass().getSimpleName() + " " + notYet.getMessage();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting for " + readiness);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted while waiting for " + readiness);
            }
        }
        throw new ContainerLaunchException("not ready within " + startupTimeout.toSeconds() + " s at " + readiness
                + " (last: " + last + ")");
    }
}
