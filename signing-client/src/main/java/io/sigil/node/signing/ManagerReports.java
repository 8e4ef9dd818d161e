package io.sigil.node.signing;

import io.sigil.registry.NodeEntry;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.wire.sign.SessionReport;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a session's outcome to the manager that asked for it ({@code POST /v1/report}, signed),
 * on a virtual thread, retrying a few times when the manager cannot be reached: a finished
 * signature is also archived here, so a lost report costs the manager a retry, not the result.
 */
@Singleton
final class ManagerReports {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerReports.class);
    private static final int ATTEMPTS = 3;

    private final SignedNodeClient client;

    ManagerReports(SignedNodeClient client) {
        this.client = client;
    }

    void send(NodeEntry manager, SessionReport report) {
        Thread.ofVirtual().name("report-" + report.requestId()).start(() -> {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    SignedNodeClient.Answer answer = client.postJson(manager, "/v1/report", report);
                    if (!answer.isSuccess() && answer.status() != 409) {
                        LOG.warn("manager {} refused the report of {} ({})", manager.id(), report.requestId(), answer.status());
                    }
                    return;
                } catch (IOException unreachable) {
                    sleep(200L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            LOG.warn("manager {} unreachable; the report of {} was not delivered", manager.id(), report.requestId());
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
