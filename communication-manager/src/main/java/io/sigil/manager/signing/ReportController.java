package io.sigil.manager.signing;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sign.SessionReport;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/report}: a party node's {@link SessionReport}, accepted only when signed by a
 * registered signing node that is a member of the running attempt's party. Answers
 * {@code 200 {"accepted": true}}; a {@code done} report whose signature does not verify is
 * refused with {@code 422} and its sender blamed.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class ReportController {
    private final NodeRequestAuthenticator authenticator;
    private final SigningCoordinator coordinator;

    ReportController(NodeRequestAuthenticator authenticator, SigningCoordinator coordinator) {
        this.authenticator = authenticator;
        this.coordinator = coordinator;
    }

    @Post(value = "/report", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> report(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry sender = authenticator.authenticate(request, body, Set.of(Role.SIGNING_CLIENT));
        SessionReport report = JsonRequests.parse(body, SessionReport.class);
        try {
            report.checkForm();
        } catch (WireFormatException malformed) {
            throw ApiProblemException.badRequest("report: " + malformed.getMessage());
        }
        coordinator.report(sender, report);
        return JsonResponses.ok(Map.of("accepted", true));
    }
}
