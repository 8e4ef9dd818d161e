package io.sigil.testing.keygen.bench;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.identity.AccountKey;
import io.sigil.testing.keygen.Activations;
import io.sigil.testing.user.bench.NewUserBenchmark;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Network key generation (new_key, keygen §2) against dealt new_user on the same default devnet
 * (3 × 2, t = 2, one JVM), alternating one of each so both see the same load: client time from the
 * request to the verified result; new_user starts once the manager's activates of the key before
 * it have all ended. Also the JVM's CPU time per key of each kind (a new_key's up to the end of its last
 * activate). Not a test; run by hand (README "Benchmarks").
 * Arguments: keys of each kind to measure (default 100), warm-up keys of each kind (default 20).
 */
public final class NetworkKeyBenchmark {
    private NetworkKeyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path directory = Files.createTempDirectory("sigil-newkey-bench-");
        try (Devnet devnet = Devnet.start(directory, DevnetPlan.DEFAULT)) {
            SigilHttp http = new SigilHttp(Duration.ofSeconds(30));
            TrustedNetwork network = new Discovery(http, devnet.pin()).network(URI.create(devnet.entryUrl()));
            NetworkKeyClient generator = new NetworkKeyClient(http);
            UserClient dealer = new UserClient(http);
            for (int i = 0; i < warmUp; i++) {
                generate(generator, network);
                deal(dealer, network);
            }
            double[] generated = new double[measured];
            double[] dealt = new double[measured];
            long generatedCpu = 0;
            long dealtCpu = 0;
            for (int i = 0; i < measured; i++) {
                long cpu = processCpuNanos();
                long start = System.nanoTime();
                generate(generator, network);
                generated[i] = (System.nanoTime() - start) / 1e6;
                // the manager answers at the activation rule (docs/keygen.md §6.1); the last replicas'
                // activates end here, untimed, so they do not run inside the new_user measured next
                Activations.settled(devnet);
                generatedCpu += processCpuNanos() - cpu;
                cpu = processCpuNanos();
                start = System.nanoTime();
                deal(dealer, network);
                dealt[i] = (System.nanoTime() - start) / 1e6;
                dealtCpu += processCpuNanos() - cpu;
            }
            print("new_key (network)", generated, warmUp);
            print("new_user (dealt)", dealt, warmUp);
            // the JVM counts process CPU in clock ticks (10 ms), so only the mean per key is meaningful
            System.out.printf("CPU per key, mean: new_key %.1f ms (up to its last activate), new_user %.1f ms%n",
                    generatedCpu / 1e6 / measured, dealtCpu / 1e6 / measured);
        }
    }

    /**
     * CPU time of the whole JVM (every devnet service, the client): per key it varies less than wall
     * time on a machine shared with other work, though contention still inflates it somewhat.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void generate(NetworkKeyClient generator, TrustedNetwork network) throws Exception {
        generator.generate(network, AccountKey.generate(), NewKeyOptions.defaults(), Duration.ofSeconds(60));
    }

    private static void deal(UserClient dealer, TrustedNetwork network) {
        Registration registration = dealer.register(network, AccountKey.generate(), NewKeyOptions.defaults());
        if (!registration.isComplete()) {
            throw new IllegalStateException("registration failed: " + registration.failures());
        }
    }

    private static void print(String what, double[] millis, int warmUp) {
        Arrays.sort(millis);
        System.out.printf("%s on devnet 3x2 t=2, %d keys after %d warm-up: median %.1f ms, p90 %.1f ms, "
                + "min %.1f ms, max %.1f ms%n", what, millis.length, warmUp, NewUserBenchmark.percentile(millis, 50),
                NewUserBenchmark.percentile(millis, 90), millis[0], millis[millis.length - 1]);
    }
}
