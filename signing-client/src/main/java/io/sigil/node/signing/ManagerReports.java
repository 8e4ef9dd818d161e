package io.sigil.node.signing;

import io.micrometer.core.instrument.MeterRegistry;
import io.sigil.json.Json;
import io.sigil.registry.NodeEntry;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.batch.BatchedPosts;
import io.sigil.wire.sign.BatchBounds;
import io.sigil.wire.sign.SessionReport;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a session's outcome to the manager that asked for it ({@code POST /v1/report}, signed),
 * on a virtual thread, retrying a few times when the manager cannot be reached: a finished
 * signature is also archived here, so a lost report costs the manager a retry, not the result.
 * Reports to one manager are coalesced ({@link BatchedPosts}): while one is in flight, the next
 * ones queue and leave together as one {@code POST /v1/report/batch} when it returns; a lone
 * report goes at once, to the single route. A batch that fails fails each of its reports, and each
 * is then retried on its own, as before.
 */
@Singleton
final class ManagerReports {
    static final String REPORT_PATH = "/v1/report";
    static final String REPORT_BATCH_PATH = "/v1/report/batch";
    private static final Logger LOG = LoggerFactory.getLogger(ManagerReports.class);
    private static final int ATTEMPTS = 3;

    private final BatchedPosts posts;

    ManagerReports(SignedNodeClient client, MeterRegistry meters) {
        this.posts = new BatchedPosts(client, REPORT_PATH, REPORT_BATCH_PATH, BatchBounds.REPORT_MAX_ITEMS,
                BatchBounds.REPORT_MAX_BYTES).counted(meters, "report");
    }

    void send(NodeEntry manager, SessionReport report) {
        BatchedPosts.Item item = new BatchedPosts.Item(report.sessionId(), Json.writeBytes(report));
        Thread.ofVirtual().name("report-" + report.requestId()).start(() -> {
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    SignedNodeClient.Answer answer = posts.post(manager, item);
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

    @PreDestroy
    void logBatches() {
        if (posts.batches() > 0) {
            LOG.info("reports: {}", posts.summary());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
