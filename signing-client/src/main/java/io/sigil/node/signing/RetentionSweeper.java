package io.sigil.node.signing;

import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.annotation.Scheduled;
import io.sigil.node.pairing.StoredSessionLog;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's store from growing for ever (docs/security.md §9, "No retention"): every
 * {@code sigil.retention.sweep-interval} (default 10 min) it deletes used {@code sign_sid}s past
 * their expiry plus skew, and archived signatures older than {@code sigil.retention.signatures}
 * (default 7 days). Key shards, tombstones and pair states are never purged here.
 */
@Singleton
public final class RetentionSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
    private final StoredSessionLog usedSessions;
    private final SignatureArchive archive;
    private final Duration signatureRetention;

    /** What one sweep deleted. */
    public record Swept(int usedSessions, int signatures) {
    }

    RetentionSweeper(StoredSessionLog usedSessions, SignatureArchive archive,
                     @Value("${sigil.retention.signatures:7d}") Duration signatureRetention) {
        if (signatureRetention.isNegative()) {
            throw new IllegalStateException("sigil.retention.signatures must not be negative");
        }
        this.usedSessions = usedSessions;
        this.archive = archive;
        this.signatureRetention = signatureRetention;
    }

    @Scheduled(fixedDelay = "${sigil.retention.sweep-interval:10m}", initialDelay = "${sigil.retention.sweep-interval:10m}")
    void sweepNow() {
        Swept swept = sweep(Instant.now());
        if (swept.usedSessions() + swept.signatures() > 0) {
            LOG.info("retention: purged {} used session id(s) and {} archived signature(s)", swept.usedSessions(),
                    swept.signatures());
        }
    }

    /** One sweep as of {@code now} (tests move it by hand). */
    public Swept sweep(Instant now) {
        return new Swept(usedSessions.purgeExpired(now), archive.purgeArchivedBefore(now.minus(signatureRetention)));
    }
}
