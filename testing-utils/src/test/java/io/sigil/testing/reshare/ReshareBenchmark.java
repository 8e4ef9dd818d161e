package io.sigil.testing.reshare;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.testing.epoch.EpochFixtures;
import io.sigil.wire.epoch.EpochStatus;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Reshare throughput of the manager's driver (docs/keygen.md §6.4) on the default devnet (3 × 2,
 * t = 2, one JVM): {@code keys} dealt keys are registered, a refresh is proposed, and one
 * {@code POST /v1/epoch/reshare} is timed until the manager leaves {@code resharing}. Not a test;
 * run by hand (README "Benchmarks"). Argument: keys (default 100).
 */
public final class ReshareBenchmark {

    private ReshareBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path directory = Files.createTempDirectory("sigil-reshare-bench-");
        try (Devnet devnet = Devnet.start(directory, DevnetPlan.DEFAULT)) {
            SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
            TrustedNetwork network = new Discovery(http, devnet.pin()).network(URI.create(devnet.entryUrl()));
            URI manager = URI.create(network.managers().getFirst().url());
            UserClient dealer = new UserClient(http);
            for (int i = 0; i < keys; i++) {
                Registration registration = dealer.register(network, AccountKey.generate(), NewKeyOptions.defaults());
                if (!registration.isComplete()) {
                    throw new IllegalStateException("registration failed: " + registration.failures());
                }
            }
            http.post(manager.resolve("/v1/epoch/propose"), EpochFixtures.good(devnet.layout(),
                    EpochFixtures.operators(devnet.layout())), EpochStatus.class);
            long start = System.nanoTime();
            EpochStatus status = http.post(manager.resolve("/v1/epoch/reshare"), Map.of(), EpochStatus.class);
            while (EpochStatus.RESHARING.equals(status.phase())) {
                Thread.sleep(20);
                status = http.get(manager.resolve("/v1/epoch"), EpochStatus.class);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("reshare (refresh) of %d dealt keys on devnet 3x2 t=2, one key per call: %.2f s, "
                    + "%.1f keys/s; %d of %d done, phase %s%n", keys, seconds, status.keysDone() / seconds,
                    status.keysDone(), status.keysTotal(), status.phase());
        }
    }
}
