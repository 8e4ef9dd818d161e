package io.sigil.wire.sign;

import java.util.List;

/**
 * The body of {@code POST /v1/report/batch}: one node's reports to one manager that queued while
 * another was in flight, at most {@link BatchBounds#REPORT_MAX_ITEMS}. Each is checked and taken on
 * its own, exactly as {@code POST /v1/report} would.
 */
public record SessionReportBatch(List<SessionReport> items) {
}
