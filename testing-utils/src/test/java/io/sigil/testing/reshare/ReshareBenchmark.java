package io.sigil.testing.reshare;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reshare throughput of the manager's batched driver (docs/keygen.md §3.5, §6.4) on the default
 * devnet (3 × 2, t = 2, one JVM), with a signing client running alongside. {@code keys} real dealt
 * keys are preloaded straight into the nodes' stores ({@link PreloadedKeys}); {@value #USERS} users
 * register a key each through {@code new_user} for the signing client, which signs as each in
 * turn (one user alone reaches the per-user sign rate limit, 429, within a long change). Idle
 * sign latency is measured first; then a refresh is proposed and one {@code POST /v1/epoch/reshare}
 * is timed until the manager leaves {@code resharing}, while the client signs in a loop. Not a
 * test; run by hand (README "Benchmarks"). Arguments: keys (default 1000), batch size (default
 * 200), idle signatures (default 30).
 */
public final class ReshareBenchmark {
    private static final int USERS = 8;
    /**
     * At least this long between two signatures' starts: every user signs from one source, and the
     * manager allows 1,200 requests a minute per source (a 100,000-key run once hit its 429).
     */
    private static final long MIN_SIGN_INTERVAL_NANOS = 80_000_000L;

    private ReshareBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int idleSignatures = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Path directory = Files.createTempDirectory("sigil-reshare-bench-");
        try (Devnet devnet = Devnet.start(directory, DevnetPlan.DEFAULT,
                Map.of("sigil.epoch.reshare-batch-size", String.valueOf(batch)))) {
            SigilHttp http = new SigilHttp(Duration.ofSeconds(60));
            TrustedNetwork network = new Discovery(http, devnet.pin()).network(URI.create(devnet.entryUrl()));
            URI manager = URI.create(network.managers().getFirst().url());
            List<AccountKey> accounts = new ArrayList<>();
            List<Registration> registrations = new ArrayList<>();
            for (int user = 0; user < USERS; user++) {
                AccountKey account = AccountKey.generate();
                Registration signed = new UserClient(http).register(network, account, NewKeyOptions.defaults());
                if (!signed.isComplete()) {
                    throw new IllegalStateException("registration failed: " + signed.failures());
                }
                accounts.add(account);
                registrations.add(signed);
            }
            long preloadStart = System.nanoTime();
            PreloadedKeys.write(devnet, keys);
            System.out.printf("preloaded %d dealt keys into every node's store in %.1f s%n", keys,
                    (System.nanoTime() - preloadStart) / 1e9);
            try (SignClient client = new SignClient(http)) {
                List<Double> idle = new ArrayList<>();
                for (int i = -20; i < idleSignatures; i++) {
                    int user = Math.floorMod(i, USERS);
                    double millis = sign(client, network, accounts.get(user), registrations.get(user), "idle " + i);
                    if (i >= 0) {
                        idle.add(millis);
                    }
                }
                http.post(manager.resolve("/v1/epoch/propose"), EpochFixtures.good(devnet.layout(),
                        EpochFixtures.operators(devnet.layout())), EpochStatus.class);
                List<Double> during = Collections.synchronizedList(new ArrayList<>());
                AtomicBoolean resharing = new AtomicBoolean(true);
                Thread signer = Thread.ofPlatform().name("bench-signer").start(() -> {
                    int i = 0;
                    long next = System.nanoTime();
                    while (resharing.get()) {
                        try {
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000); // pacing under the per-source rate limit
                            }
                            next = System.nanoTime() + MIN_SIGN_INTERVAL_NANOS;
                            int user = i % USERS;
                            during.add(sign(client, network, accounts.get(user), registrations.get(user),
                                    "during " + i++));
                        } catch (Exception failed) {
                            throw new IllegalStateException(failed);
                        }
                    }
                });
                double loadBefore = loadAverage();
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                EpochStatus status = http.post(manager.resolve("/v1/epoch/reshare"), Map.of(), EpochStatus.class);
                long lastReport = start;
                while (EpochStatus.RESHARING.equals(status.phase())) {
                    Thread.sleep(100); // polling the manager's status: the run reports nothing else
                    status = http.get(manager.resolve("/v1/epoch"), EpochStatus.class);
                    if (System.nanoTime() - lastReport > 30_000_000_000L) {
                        lastReport = System.nanoTime();
                        System.out.printf("  %.0f s: %d of %d%n", (lastReport - start) / 1e9, status.keysDone(),
                                status.keysTotal());
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
                resharing.set(false);
                signer.join();
                System.out.printf("reshare (refresh) of %d keys on devnet 3x2 t=2, batches of %d: %.1f s, %.1f keys/s; "
                        + "%d of %d done, phase %s%n", status.keysTotal(), batch, seconds, status.keysDone() / seconds,
                        status.keysDone(), status.keysTotal(), status.phase());
                System.out.printf("process CPU during the reshare (every node, the manager and the signing client in "
                        + "this JVM): %.1f s, %.2f ms per key, %.1f of 2 cores busy on average; load average %.1f "
                        + "before, %.1f after%n", cpuSeconds, cpuSeconds * 1e3 / Math.max(1, status.keysDone()),
                        cpuSeconds / seconds, loadBefore, loadAverage());
                System.out.printf("sign latency (eip191, sequential client, %d users in turn): idle p50 %.1f ms p90 %.1f "
                        + "ms p99 %.1f ms (%d); during the reshare p50 %.1f ms p90 %.1f ms p99 %.1f ms (%d); p50 "
                        + "during / idle %.2f%n", USERS, percentile(idle, 50), percentile(idle, 90), percentile(idle, 99),
                        idle.size(), percentile(during, 50), percentile(during, 90), percentile(during, 99),
                        during.size(), percentile(during, 50) / percentile(idle, 50));
            }
        }
    }

    private static double sign(SignClient client, TrustedNetwork network, AccountKey account, Registration key,
            String text) throws Exception {
        long start = System.nanoTime();
        SignatureResult result = client.sign(network, account, AccountFile.KeyEntry.of(key),
                MessageInput.text(text), Duration.ofSeconds(60));
        double millis = (System.nanoTime() - start) / 1e6;
        if (!result.isDone()) {
            throw new IllegalStateException("a benchmark signature failed: " + result.reason());
        }
        return millis;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }
}
