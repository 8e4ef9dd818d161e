package io.sigil.service.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.node.LocalNode;

/**
 * Kubernetes probes. Liveness says the process answers; readiness says every
 * {@link ReadinessCheck} passes (503 otherwise, naming the checks that fail).
 */
@Controller("/health")
final class HealthController {
    private final List<ReadinessCheck> checks;
    private final LocalNode node;

    HealthController(List<ReadinessCheck> checks, LocalNode node) {
        this.checks = checks;
        this.node = node;
    }

    @Get(value = "/liveness", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> liveness() {
        return JsonResponses.ok(Map.of("status", "UP"));
    }

    @Get(value = "/readiness", produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> readiness() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("registry", "UP (epoch " + node.registry().epoch() + ")");
        boolean ready = true;
        for (ReadinessCheck check : checks) {
            boolean up = check.ready();
            ready &= up;
            details.put(check.name(), up ? "UP" : "DOWN");
        }
        Map<String, Object> body = Map.of("status", ready ? "UP" : "DOWN", "checks", details);
        return JsonResponses.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, body);
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> health() {
        return readiness();
    }
}
