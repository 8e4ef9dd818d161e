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
import io.sigil.service.batch.BatchRoutes;
import io.sigil.service.faults.FaultCounters;
import io.sigil.service.node.JsonRequests;
import io.sigil.service.node.JsonResponses;
import io.sigil.service.problem.ApiProblemException;
import io.sigil.wire.WireFormatException;
import io.sigil.wire.sign.BatchBounds;
import io.sigil.wire.sign.SessionReport;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/report}: a party node's {@link SessionReport}, accepted only when signed by a
 * registered signing node that is a member of the attempt's party. Answers
 * {@code 200 {"accepted": true}}, or {@code 200 {"accepted": false}} for a report that came after
 * its attempt or request was settled (ignored; a late verified signature still completes a
 * pending request); a {@code done} report whose signature does not verify is refused with
 * {@code 422} and its sender blamed. Refusals are counted under {@code report/...} in
 * {@code GET /v1/faults}.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class ReportController {
    private final NodeRequestAuthenticator authenticator;
    private final SigningCoordinator coordinator;
    private final FaultCounters faults;

    ReportController(NodeRequestAuthenticator authenticator, SigningCoordinator coordinator, FaultCounters faults) {
        this.authenticator = authenticator;
        this.coordinator = coordinator;
        this.faults = faults;
    }

    @Post(value = "/report", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> report(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry sender = authenticator.authenticate(request, body, Set.of(Role.SIGNING_CLIENT));
        SessionReport report;
        try {
            report = JsonRequests.parse(body, SessionReport.class);
        } catch (ApiProblemException malformed) {
            faults.refused("report", "malformed");
            throw malformed;
        }
        return JsonResponses.ok(take(sender, report).body());
    }

    /**
     * {@code POST /v1/report/batch}: up to {@link BatchBounds#REPORT_MAX_ITEMS} reports of one node
     * under one signature, each checked and taken on its own exactly as {@code /v1/report} takes it;
     * each item's answer carries its own status and body (see {@link BatchRoutes}).
     */
    @Post(value = "/report/batch", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<String> reports(HttpRequest<?> request, @Body byte[] body) {
        NodeEntry sender = authenticator.authenticate(request, body, Set.of(Role.SIGNING_CLIENT));
        return BatchRoutes.answerEach(body, BatchBounds.REPORT_MAX_ITEMS, SessionReport.class, "sessionId", "/v1/report",
                report -> take(sender, report));
    }

    private BatchRoutes.Handled take(NodeEntry sender, SessionReport report) {
        try {
            report.checkForm();
        } catch (WireFormatException malformed) {
            faults.refused("report", "malformed");
            throw ApiProblemException.badRequest("report: " + malformed.getMessage());
        }
        return new BatchRoutes.Handled(200, Map.of("accepted", coordinator.report(sender, report)));
    }
}
