package io.sigil.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.client.user.AccountFile;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRegistrations;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.testing.cli.CommandRun;
import io.sigil.wire.sync.SyncStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * delete_user at a replica that missed the registration (docs/keygen.md §6.3), on an in-JVM
 * devnet (3 committees × 2 replicas) whose nodes run catch-up only on demand: with {@code node-2b}
 * stopped a key is generated; back up but not yet synced, node-2b acknowledges the user's deletion
 * with its signed ack and keeps it as a tombstone, so {@code sigil user delete} reports every node
 * as having erased the key and the account file drops it. A later catch-up from a replica that
 * still holds the key (node-2a, restored from a backup taken before the deletion) does not bring
 * it back: the tombstone wins.
 */
class DeletionAtAbsentReplicaTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ABSENT = "node-2b";
    private static final String HOLDER = "node-2a";

    @Test
    void aReplicaThatNeverHeldTheKeyAcknowledgesTheDeletionAndCatchUpDoesNotResurrectIt(@TempDir Path directory)
            throws Exception {
        Path account = directory.resolve("account.json");
        try (Devnet devnet = Devnet.start(directory.resolve("net"), DevnetPlan.DEFAULT,
                Map.of("sigil.sync.at-start", "false"))) {
            String entry = devnet.entryUrl();
            String pin = devnet.layout().directory().resolve(NetworkPin.FILE_NAME).toString();
            devnet.stop(ABSENT);
            CommandRun created = CommandRun.of("user", "new", "--network", entry, "--pin", pin, "--out",
                    account.toString(), "--key-id", "gone", "--json");
            assertThat(created.exitCode()).as(created.out() + created.err()).isZero();
            String userId = AccountFile.load(account).userId();
            Path backup = directory.resolve("backup-of-" + HOLDER);
            devnet.context(HOLDER).getBean(NodeStore.class).store().checkpoint(backup);

            devnet.restart(ABSENT);
            assertThat(registrations(devnet, ABSENT).find(userId, "gone")).as("not synced yet").isEmpty();
            CommandRun deleted = CommandRun.of("user", "delete", "--network", entry, "--account", account.toString(),
                    "--key-id", "gone", "--json");

            assertThat(deleted.exitCode()).as(deleted.out() + deleted.err()).isZero();
            assertThat(deleted.out()).contains("\"complete\":true").contains("\"acknowledgements\":6");
            assertThat(AccountFile.load(account).key("gone")).as("the account file drops the key").isEmpty();
            assertThat(registrations(devnet, ABSENT).isDeleted(userId, "gone")).as("tombstone kept").isTrue();

            // node-2a holds the key again, as if it had missed the deletion; node-2b reads from it
            devnet.stop(HOLDER);
            CatchUpRuns.restoreStore(devnet, HOLDER, backup);
            devnet.restart(HOLDER);
            assertThat(registrations(devnet, HOLDER).find(userId, "gone")).as("the replica offers it").isPresent();
            long before = System.currentTimeMillis();
            devnet.context(ABSENT).getBean(ReplicaSync.class).start("operator");
            SyncStatus report = CatchUpRuns.awaitDone(devnet, ABSENT, before, WAIT);

            assertThat(report.refusals()).isEmpty();
            assertThat(report.keysReceived()).as("the key was offered").isPositive();
            assertThat(report.keysStored()).as("the tombstone wins").isZero();
            assertThat(registrations(devnet, ABSENT).find(userId, "gone")).isEmpty();
            assertThat(registrations(devnet, ABSENT).isDeleted(userId, "gone")).isTrue();
        }
    }

    private static KeyRegistrations registrations(Devnet devnet, String node) {
        return devnet.context(node).getBean(KeyRegistrations.class);
    }
}
