package io.sigil.testing.sign;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.SigilHttp;
import io.sigil.client.user.Registration;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.kvdb.Namespace;
import io.sigil.manager.store.RequestRetention;
import io.sigil.manager.store.RequestStore;
import io.sigil.node.signing.RetentionSweeper;
import io.sigil.node.store.NodeStore;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Role;
import io.sigil.wire.sign.SignatureStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No retention (docs/security.md §9): the manager's request store, the nodes' used-session logs and their
 * signature archives grew for ever. Three requests are signed on a devnet; then the sweeps run
 * with a hand-moved clock: nothing goes while it may still matter, used session ids go after
 * their expiry, signatures and finished requests after the retention (7 days by default).
 */
class RetentionTest {
    private static final SigilHttp HTTP = new SigilHttp(Duration.ofSeconds(30));

    @TempDir
    static Path directory;
    private static Devnet devnet;

    @BeforeAll
    static void start() throws Exception {
        devnet = Devnet.start(directory, DevnetPlan.DEFAULT);
    }

    @AfterAll
    static void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    private static long nodeEntries(Namespace namespace) {
        long entries = 0;
        for (NodeEntry node : devnet.registry().nodesWithRole(Role.SIGNING_CLIENT)) {
            entries += devnet.context(node.id()).getBean(NodeStore.class).store().stats().entriesPerNamespace()
                    .getOrDefault(namespace, 0L);
        }
        return entries;
    }

    private static void sweepNodes(Instant now) {
        for (NodeEntry node : devnet.registry().nodesWithRole(Role.SIGNING_CLIENT)) {
            devnet.context(node.id()).getBean(RetentionSweeper.class).sweep(now);
        }
    }

    @Test
    void sweepsWithAHandMovedClockShrinkEveryStoreOnlyOnceItsEntriesAreNoLongerNeeded() throws Exception {
        DevnetUser user = DevnetUser.register(devnet, HTTP);
        Registration key = user.key();
        for (int request = 0; request < 3; request++) {
            SignatureStatus status = ManagerRequests.submitAndAwait(HTTP, user.manager(),
                    ManagerRequests.messageRequest(user.account(), key, "kept a while " + request, Duration.ofMinutes(5)),
                    Duration.ofSeconds(120));
            assertThat(status.status()).as(status.reason()).isEqualTo("done");
        }
        RequestStore requests = devnet.context("manager-1").getBean(RequestStore.class);
        RequestRetention requestRetention = devnet.context("manager-1").getBean(RequestRetention.class);
        long sessions = nodeEntries(NodeStore.USED_SESSIONS);
        long signatures = nodeEntries(NodeStore.SIGNATURES);
        long keys = nodeEntries(NodeStore.KEYS);
        assertThat(sessions).isGreaterThanOrEqualTo(3 * key.threshold());
        assertThat(signatures).isGreaterThanOrEqualTo(3 * key.threshold());
        assertThat(requests.size()).isEqualTo(3);

        Instant now = Instant.now();
        sweepNodes(now);
        assertThat(requestRetention.sweep(now)).isZero();
        assertThat(nodeEntries(NodeStore.USED_SESSIONS)).as("unexpired session ids still guard replays").isEqualTo(sessions);
        assertThat(requests.size()).isEqualTo(3);

        Instant afterExpiry = now.plus(Duration.ofHours(2));
        sweepNodes(afterExpiry);
        assertThat(requestRetention.sweep(afterExpiry)).isZero();
        assertThat(nodeEntries(NodeStore.USED_SESSIONS)).as("expired session ids are purged").isZero();
        assertThat(nodeEntries(NodeStore.SIGNATURES)).as("signatures are kept for the retention").isEqualTo(signatures);
        assertThat(requests.size()).isEqualTo(3);

        Instant afterRetention = now.plus(Duration.ofDays(8));
        sweepNodes(afterRetention);
        assertThat(requestRetention.sweep(afterRetention)).isEqualTo(3);
        assertThat(nodeEntries(NodeStore.SIGNATURES)).isZero();
        assertThat(requests.size()).isZero();
        assertThat(nodeEntries(NodeStore.KEYS)).as("key shards are never purged").isEqualTo(keys);
    }
}
