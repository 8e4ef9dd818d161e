package io.sigil.testing.user.bench;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.client.discovery.TrustedNetwork;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * new_user latency on the default devnet (3 committees × 2 nodes, t = 2, one JVM): the time from
 * the client's first byte to the last verified ack, with discovery done once beforehand as a
 * wallet would cache it. Not a test; run by hand (README "Benchmarks").
 * Arguments: registrations to measure (default 100), warm-up registrations (default 30).
 */
public final class NewUserBenchmark {
    private NewUserBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path directory = Files.createTempDirectory("sigil-newuser-bench-");
        try (Devnet devnet = Devnet.start(directory, DevnetPlan.DEFAULT)) {
            SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
            TrustedNetwork network = new Discovery(http, devnet.pin()).network(URI.create(devnet.entryUrl()));
            UserClient users = new UserClient(http);
            for (int i = 0; i < warmUp; i++) {
                register(users, network);
            }
            double[] millis = new double[measured];
            for (int i = 0; i < measured; i++) {
                long start = System.nanoTime();
                register(users, network);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            System.out.printf("new_user on devnet 3x2 t=2, %d registrations after %d warm-up:%n", measured, warmUp);
            System.out.printf("  median %.1f ms, p90 %.1f ms, p99 %.1f ms, min %.1f ms, max %.1f ms%n",
                    percentile(millis, 50), percentile(millis, 90), percentile(millis, 99), millis[0], millis[measured - 1]);
        }
    }

    private static void register(UserClient users, TrustedNetwork network) {
        Registration registration = users.register(network, AccountKey.generate(), NewKeyOptions.defaults());
        if (!registration.isComplete()) {
            throw new IllegalStateException("registration failed: " + registration.failures());
        }
    }

    /** The nearest-rank percentile of sorted values; the keygen benchmark uses it too. */
    public static double percentile(double[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
