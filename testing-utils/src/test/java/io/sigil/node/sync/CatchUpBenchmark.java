package io.sigil.node.sync;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.wire.sync.SyncStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Replica catch-up throughput (docs/keygen.md §3.7) on the default devnet (3 × 2, t = 2, one JVM):
 * node-2b is stopped while {@code keys} dealt keys are registered, started again with catch-up at
 * start off, and one catch-up run from node-2a is timed (every page fetched, checked and written).
 * Not a test; run by hand (README "Benchmarks"). Arguments: keys (default 500), page size
 * (default 100).
 */
public final class CatchUpBenchmark {
    private static final String LAGGING = "node-2b";

    private CatchUpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path directory = Files.createTempDirectory("sigil-catchup-bench-");
        Map<String, Object> overrides = Map.of("sigil.sync.at-start", "false", "sigil.sync.page-size", pageSize);
        try (Devnet devnet = Devnet.start(directory, DevnetPlan.DEFAULT, overrides)) {
            SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
            TrustedNetwork network = new Discovery(http, devnet.pin()).network(URI.create(devnet.entryUrl()));
            devnet.stop(LAGGING);
            UserClient dealer = new UserClient(http);
            AccountKey account = AccountKey.generate();
            for (int i = 0; i < keys; i++) {
                Registration registration = dealer.register(network, account, NewKeyOptions.defaults());
                if (!registration.isComplete()) {
                    throw new IllegalStateException("registration failed: " + registration.failures());
                }
            }
            devnet.restart(LAGGING);
            ReplicaSync sync = devnet.context(LAGGING).getBean(ReplicaSync.class);
            long start = System.nanoTime();
            sync.start("benchmark");
            SyncStatus status = sync.status();
            while (!SyncStatus.DONE.equals(status.state())) {
                Thread.sleep(5);
                status = sync.status();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("catch-up of %d dealt keys from node-2a (pages of %d) on devnet 3x2 t=2: %.2f s, "
                    + "%.0f keys/s; stored %d, refused %s, unreachable %s%n", keys, pageSize, seconds,
                    status.keysStored() / seconds, status.keysStored(), status.refusals(), status.unreachable());
        }
    }
}
