package io.sigil.node.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.devnet.network.Devnet;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.wire.sync.SyncStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the catch-up tests do to a devnet node: wait for a run, and put an older store back. */
final class CatchUpRuns {
    private CatchUpRuns() {
    }

    /** The report of the first catch-up run of {@code node} that started at or after {@code startedAfter}. */
    static SyncStatus awaitDone(Devnet devnet, String node, long startedAfter, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            SyncStatus status = devnet.context(node).getBean(ReplicaSync.class).status();
            if (SyncStatus.DONE.equals(status.state()) && status.startedAt() >= startedAfter) {
                return status;
            }
            assertThat(System.nanoTime()).as("catch-up of " + node + " finished in time").isLessThan(deadline);
            Thread.sleep(20); // polling a condition: the run reports through its status only
        }
    }

    /** Replaces the store of the stopped {@code node} with {@code backup} (a checkpoint taken earlier). */
    static void restoreStore(Devnet devnet, String node, Path backup) throws IOException {
        Path store = devnet.layout().nodes().stream().filter(candidate -> candidate.id().equals(node)).findFirst()
                .orElseThrow().dataDirectory().resolve("store");
        try (Stream<Path> files = Files.walk(store)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        EncryptedStore.restore(backup, store);
    }
}
