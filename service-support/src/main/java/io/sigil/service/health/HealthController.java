package io.sigil.service.health;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.sigil.service.node.EpochView;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.node.LocalNode;

/**
 * Kubernetes probes. Liveness says the process answers; readiness says every
 * {@link ReadinessCheck} passes (503 otherwise, naming the checks that fail). A signing node also
 * says its epoch state ({@link EpochView}, {@code epochState}): a {@code joining} node answers
 * {@code JOINING} with 200, since it serves no signing but must still receive the epoch change
 * from the manager; a {@code retired} node answers {@code RETIRED} with 503 (docs/keygen.md §3.2).
 */
@Controller("/health")
final class HealthController {
    private final List<ReadinessCheck> checks;
    private final LocalNode node;
    private final List<EpochView> epochs;

    HealthController(List<ReadinessCheck> checks, LocalNode node, List<EpochView> epochs) {
        this.checks = checks;
        this.node = node;
        this.epochs = epochs;
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "UP" : "DOWN");
        body.put("checks", details);
        body.put("epochState", null);
        for (EpochView epoch : epochs) {
            body.put("epochState", epoch.state());
            if (ready && !epoch.serving()) {
                body.put("status", epoch.state().toUpperCase(java.util.Locale.ROOT));
                ready = !"retired".equals(epoch.state());
            }
        }
        return JsonResponses.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, body);
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> health() {
        return readiness();
    }
}
