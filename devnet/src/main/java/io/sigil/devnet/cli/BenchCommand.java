package io.sigil.devnet.cli;

import io.sigil.client.SigilHttp;
import io.sigil.client.discovery.Discovery;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.client.sign.MessageInput;
import io.sigil.client.sign.SignClient;
import io.sigil.client.sign.SignatureResult;
import io.sigil.client.user.AccountFile;
import io.sigil.client.user.NetworkKeyClient;
import io.sigil.client.user.NewKeyOptions;
import io.sigil.client.user.Registration;
import io.sigil.client.user.UserClient;
import io.sigil.client.cli.NodeUrl;
import io.sigil.client.cli.UsageException;
import io.sigil.devnet.network.DataDirectories;
import io.sigil.devnet.network.Devnet;
import io.sigil.devnet.network.StorePreload;
import io.sigil.devnet.network.DevnetPlan;
import io.sigil.devnet.network.DevnetLayout;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.devnet.network.ProcessMemory;
import io.sigil.devnet.network.ServiceProcesses;
import io.sigil.registry.Role;
import io.sigil.identity.AccountKey;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sigil.json.Json;
import io.sigil.tls.TrustBundle;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sigil bench}: the load generator. Starts a devnet in this JVM (or uses {@code --network}),
 * has the network generate {@code --users} keys ({@code new_key}, keygen §2; {@code --dealt}:
 * this process deals them with {@code new_user}), then runs {@code --clients} concurrent clients (virtual
 * threads) that each sign random messages, round-robin over the users, through the SDK's
 * {@link SignClient} — so every signature counted is one the client verified itself. Prints
 * throughput, latency percentiles, failures and memory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load generator: concurrent clients sign random messages; throughput, latency, memory.")
final class BenchCommand implements Callable<Integer> {
    /** Concurrent registrations (new_key or new_user): each already fans out to the nodes in parallel. */
    private static final int REGISTRATION_CONCURRENCY = 16;
    private static final int MAX_REASON_LENGTH = 160;
    /**
     * The manager's sign-rate limits on the bench's own devnet. Every bench client posts from one
     * address and a few users sign hundreds of times a minute, so the defaults (1,200 a minute per
     * source, 600 per account) turned part of every 32-client run into 429s and measured the limiter,
     * not the network. A network benched with {@code --network} keeps its own limits.
     */
    static final Map<String, Object> BENCH_RATE_LIMITS = Map.of(
            "sigil.manager.requests-per-minute-per-account", 1_000_000,
            "sigil.manager.account-burst", 100_000,
            "sigil.manager.requests-per-minute-per-source", 1_000_000,
            "sigil.manager.source-burst", 100_000);
    private static final String RAISED_LIMITS = "raised on the bench's own devnet: 1000000 sign requests a minute per "
            + "account and per source (bursts 100000)";

    @Mixin
    PlanOptions options;

    @Option(names = "--network", paramLabel = "URL",
            description = "Bench this running network (any signing node) instead of starting a devnet.")
    String network;

    @Option(names = "--pin", paramLabel = "FILE", description = "The pin of the --network (its operators publish it).")
    Path pin;

    @Option(names = "--processes", description = "Start the devnet with every service in its own JVM (this JVM runs "
            + "only the clients) and report each service's resident memory (/proc/PID/status).")
    boolean processes;

    @Mixin
    ProcessDevnetOptions serviceOptions;

    /** With --processes: the services' JVMs, whose memory the report gives. */
    private ServiceProcesses services;

    @Option(names = "--users", paramLabel = "U", defaultValue = "1", description = "Users (keys) to register (default 1).")
    int users;

    @Option(names = "--clients", paramLabel = "C", defaultValue = "4", description = "Concurrent clients (default 4).")
    int clients;

    @ArgGroup(exclusive = true)
    Amount amount;

    static final class Amount {
        @Option(names = "--requests", paramLabel = "N", description = "Signatures per client (default 10).")
        Integer requests;

        @Option(names = "--duration", paramLabel = "SECONDS", description = "Sign for this long instead of a fixed count.")
        Integer durationSeconds;
    }

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "0",
            description = "Signatures made (8 at a time) and not counted before measuring: they set up the "
                    + "pairwise DKLs23 state of the node pairs (once per pair) and warm the JIT (default 0).")
    int warmup;

    @Option(names = "--preload-users", paramLabel = "N", defaultValue = "0",
            description = "In-JVM devnet only: write N synthetic users' key records straight into every signing "
                    + "node's store before measuring, to sign against a full store (default 0).")
    int preloadUsers;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Longest wait for one signature (default 60).")
    int timeoutSeconds;

    @Option(names = "--dealt", description = "Register dealt keys (new_user, split by this process) instead of "
            + "keys the network generates (new_key, the default).")
    boolean dealt;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** A registered user: its account key and the public facts of its key. */
    private record User(AccountKey account, AccountFile.KeyEntry key) {
    }

    /** What the clients measured. */
    /** The in-JVM devnet, when the bench started one: its batch counters go into the report. */
    private Devnet inJvm;
    private Map<String, Object> batches = Map.of();

    private record Measurements(List<Long> latencyNanos, Map<String, Long> failures, long elapsedNanos, BenchCpu cpu) {
    }

    @Override
    public Integer call() throws Exception {
        if (users < 1 || clients < 1 || timeoutSeconds < 1) {
            throw new UsageException("--users, --clients and --timeout must be at least 1");
        }
        if (amount != null && ((amount.requests != null && amount.requests < 1)
                || (amount.durationSeconds != null && amount.durationSeconds < 1))) {
            throw new UsageException("--requests and --duration must be at least 1");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        if (processes && (network != null || preloadUsers > 0)) {
            throw new UsageException("--processes starts its own devnet: it cannot be combined with --network or --preload-users");
        }
        if (network != null) {
            if (pin == null) {
                throw new UsageException("--network needs --pin FILE: the network pin its operators published");
            }
            report.put("network", network);
            return run(NodeUrl.parse("--network", network), NetworkPin.load(pin), null, report, Optional.empty());
        }
        Path directory = Files.createTempDirectory("sigil-bench-");
        DevnetPlan plan = options.plan();
        if (processes) {
            try {
                return runInProcesses(directory, plan, report);
            } finally {
                DataDirectories.deleteRecursively(directory);
            }
        }
        try (Devnet devnet = Devnet.start(directory, plan, BENCH_RATE_LIMITS)) {
            inJvm = devnet;
            if (preloadUsers > 0) {
                long preloadStart = System.nanoTime();
                StorePreload.preload(devnet, preloadUsers);
                report.put("preloadedUsers", preloadUsers);
                report.put("preloadSeconds", seconds(System.nanoTime() - preloadStart));
            }
            report.put("managerRateLimits", RAISED_LIMITS);
            report.put("network", "devnet in this JVM: " + plan.committees() + " committees x " + plan.replicas()
                    + " signing nodes, t=" + plan.threshold() + ", " + plan.managers() + " manager(s), "
                    + plan.nodeCount() + " nodes");
            return run(URI.create(devnet.entryUrl()), devnet.pin(), plan, report, devnet.trust());
        } finally {
            DataDirectories.deleteRecursively(directory);
        }
    }

    private int runInProcesses(Path directory, DevnetPlan plan, Map<String, Object> report) throws Exception {
        if (plan.tls()) {
            throw new UsageException("--processes serves plain http only; leave out --tls");
        }
        DevnetLayout layout = DevnetLayout.create(directory, plan);
        spec.commandLine().getErr().printf("starting %d services, each in its own JVM...%n", layout.nodes().size());
        spec.commandLine().getErr().flush();
        List<String> jvmOptions = new ArrayList<>(serviceOptions.jvmOptions());
        BENCH_RATE_LIMITS.forEach((name, value) -> jvmOptions.add("-D" + name + "=" + value));
        try (ServiceProcesses started = ServiceProcesses.startDevnet(layout, jvmOptions, "WARN",
                ProcessDevnetOptions.READY_TIMEOUT)) {
            services = started;
            report.put("managerRateLimits", RAISED_LIMITS);
            report.put("network", "devnet in " + plan.nodeCount() + " JVMs (one per service): " + plan.committees()
                    + " committees x " + plan.replicas() + " signing nodes, t=" + plan.threshold() + ", "
                    + plan.managers() + " manager(s); service JVM options: " + serviceOptions.serviceJvmOptions);
            URI entry = URI.create(layout.nodes().stream().filter(node -> node.service() == Role.SIGNING_CLIENT)
                    .findFirst().orElseThrow().url());
            return run(entry, layout.pin(), plan, report, Optional.empty());
        } finally {
            services = null;
        }
    }

    private int run(URI entry, NetworkPin networkPin, DevnetPlan plan, Map<String, Object> report,
                    Optional<TrustBundle> trust) throws Exception {
        SigilHttp http = new SigilHttp(Duration.ofSeconds(30), trust);
        TrustedNetwork trusted = new Discovery(http, networkPin).network(entry);
        long registrationStart = System.nanoTime();
        List<User> registered = register(http, trusted, plan);
        report.put("users", registered.size());
        report.put("registrationSeconds", seconds(System.nanoTime() - registrationStart));
        report.put("clients", clients);
        if (amount != null && amount.durationSeconds != null) {
            report.put("durationSeconds", amount.durationSeconds);
        } else {
            report.put("requestsPerClient", requestsPerClient());
        }
        Measurements measured;
        try (SignClient client = new SignClient(http)) {
            long warmupStart = System.nanoTime();
            warmUp(client, trusted, registered);
            report.put("warmupSignatures", warmup);
            report.put("warmupSeconds", seconds(System.nanoTime() - warmupStart));
            Map<String, double[]> batchesBefore = batchCounts();
            measured = measure(client, trusted, registered);
            batches = batchSizes(batchesBefore, batchCounts());
        }
        summarise(measured, plan, report);
        if (!batches.isEmpty()) {
            report.put("batches", batches);
        }
        print(report, measured);
        return measured.failures().isEmpty() ? 0 : 1;
    }

    private List<User> register(SigilHttp http, TrustedNetwork committees, DevnetPlan plan) throws Exception {
        UserClient userClient = new UserClient(http);
        NetworkKeyClient generator = new NetworkKeyClient(http);
        NewKeyOptions keyOptions = plan == null ? NewKeyOptions.defaults() : NewKeyOptions.defaults().withThreshold(plan.threshold());
        Semaphore slots = new Semaphore(REGISTRATION_CONCURRENCY);
        List<Future<User>> pending = new ArrayList<>();
        try (generator; BenchProgress progress = BenchProgress.start(spec.commandLine().getErr(), "registering users", users);
             ExecutorService registrations = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < users; i++) {
                pending.add(registrations.submit(() -> {
                    slots.acquire();
                    try {
                        AccountKey account = AccountKey.generate();
                        User user;
                        try {
                            user = dealt ? dealtUser(userClient, committees, account, keyOptions)
                                    : new User(account, AccountFile.KeyEntry.of(generator.generate(committees, account,
                                            keyOptions, Duration.ofSeconds(timeoutSeconds))));
                        } catch (Exception failed) {
                            progress.failed();
                            throw failed;
                        }
                        progress.succeeded();
                        return user;
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<User> registered = new ArrayList<>();
            for (Future<User> future : pending) {
                registered.add(future.get());
            }
            return registered;
        }
    }

    private static User dealtUser(UserClient userClient, TrustedNetwork committees, AccountKey account,
                                  NewKeyOptions keyOptions) {
        Registration registration = userClient.register(committees, account, keyOptions);
        if (!registration.isComplete()) {
            throw new IllegalStateException("new_user did not complete: " + registration.failures());
        }
        return new User(account, AccountFile.KeyEntry.of(registration));
    }

    private void warmUp(SignClient client, TrustedNetwork managers, List<User> registered) throws Exception {
        AtomicLong next = new AtomicLong();
        try (BenchProgress progress = BenchProgress.start(spec.commandLine().getErr(), "warm-up", warmup);
             ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int worker = 0; worker < Math.min(8, warmup); worker++) {
                workers.submit(() -> {
                    for (long i = next.getAndIncrement(); i < warmup; i = next.getAndIncrement()) {
                        User user = registered.get((int) (i % registered.size()));
                        SignatureResult result = client.sign(managers, user.account(), user.key(),
                                MessageInput.text("sigil warm-up " + i), Duration.ofSeconds(timeoutSeconds));
                        if (result.isDone()) {
                            progress.succeeded();
                        } else {
                            progress.failed();
                        }
                    }
                    return null;
                });
            }
        }
    }

    /**
     * The in-JVM devnet's requests and items on the coalesced manager↔node routes, by route
     * ({@code sigil.batch.requests}, {@code sigil.batch.items}, summed over its services).
     */
    private Map<String, double[]> batchCounts() {
        Map<String, double[]> counts = new TreeMap<>();
        if (inJvm == null) {
            return counts;
        }
        for (DevnetNode node : inJvm.layout().nodes()) {
            if (!inJvm.isRunning(node.id())) {
                continue;
            }
            Optional<MeterRegistry> meters = inJvm.context(node.id()).findBean(MeterRegistry.class);
            if (meters.isEmpty()) {
                continue;
            }
            for (FunctionCounter sent : meters.get().find("sigil.batch.requests").functionCounters()) {
                counts.computeIfAbsent(sent.getId().getTag("route"), route -> new double[2])[0] += sent.count();
            }
            for (FunctionCounter carried : meters.get().find("sigil.batch.items").functionCounters()) {
                counts.computeIfAbsent(carried.getId().getTag("route"), route -> new double[2])[1] += carried.count();
            }
        }
        return counts;
    }

    /** Per route, over the measuring phase: requests sent, items carried, and their ratio (the mean batch size). */
    private static Map<String, Object> batchSizes(Map<String, double[]> before, Map<String, double[]> after) {
        Map<String, Object> sizes = new LinkedHashMap<>();
        after.forEach((route, counts) -> {
            double[] start = before.getOrDefault(route, new double[2]);
            long requests = Math.round(counts[0] - start[0]);
            long items = Math.round(counts[1] - start[1]);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("requests", requests);
            one.put("items", items);
            one.put("meanBatch", requests == 0 ? 0 : round((double) items / requests));
            sizes.put(route, one);
        });
        return sizes;
    }

    private int requestsPerClient() {
        return amount == null || amount.requests == null ? 10 : amount.requests;
    }

    private Measurements measure(SignClient client, TrustedNetwork managers, List<User> registered) throws Exception {
        SecureRandom random = new SecureRandom();
        AtomicLong nextUser = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        boolean timed = amount != null && amount.durationSeconds != null;
        BenchCpu cpu = BenchCpu.start(cpuScope(), cpuProcesses());
        long start = System.nanoTime();
        long stopAt = timed ? start + Duration.ofSeconds(amount.durationSeconds).toNanos() : Long.MAX_VALUE;
        int perClient = requestsPerClient();
        try (BenchProgress progress = BenchProgress.start(spec.commandLine().getErr(), "measuring",
                timed ? 0 : (long) perClient * clients);
             ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                workers.submit(() -> {
                    for (int done = 0; timed ? System.nanoTime() < stopAt : done < perClient; done++) {
                        User user = registered.get((int) (nextUser.getAndIncrement() % registered.size()));
                        byte[] noise = new byte[16];
                        random.nextBytes(noise);
                        MessageInput message = MessageInput.text("sigil bench " + HexFormat.of().formatHex(noise));
                        long begun = System.nanoTime();
                        String failure;
                        try {
                            SignatureResult result = client.sign(managers, user.account(), user.key(), message, timeout);
                            failure = switch (result.status()) {
                                case DONE -> null;
                                case FAILED -> "failed: " + result.reason() + " (culprits " + result.culprits() + ")";
                                case PENDING -> "still pending after " + timeoutSeconds + " s";
                            };
                        } catch (Exception error) {
                            failure = error.getClass().getSimpleName() + ": " + error.getMessage();
                        }
                        if (failure == null) {
                            latencies.add(System.nanoTime() - begun);
                            progress.succeeded();
                        } else {
                            progress.failed();
                            String reason = failure.length() > MAX_REASON_LENGTH ? failure.substring(0, MAX_REASON_LENGTH) + "…" : failure;
                            failures.computeIfAbsent(reason, any -> new LongAdder()).increment();
                        }
                    }
                });
            }
        }
        long elapsed = System.nanoTime() - start;
        Map<String, Long> failureCounts = new LinkedHashMap<>();
        failures.forEach((reason, count) -> failureCounts.put(reason, count.sum()));
        return new Measurements(new ArrayList<>(latencies), failureCounts, elapsed, cpu);
    }

    private String cpuScope() {
        if (services != null) {
            return "the bench client's JVM and every service's JVM";
        }
        return network != null ? "the bench client's JVM only; the network's nodes run elsewhere"
                : "ONE JVM: all devnet nodes and the bench clients together";
    }

    private List<Long> cpuProcesses() {
        List<Long> pids = new ArrayList<>(List.of(ProcessHandle.current().pid()));
        if (services != null) {
            services.layout().nodes().forEach(node -> pids.add(services.pid(node.id())));
        }
        return pids;
    }

    private void summarise(Measurements measured, DevnetPlan plan, Map<String, Object> report) {
        List<Long> sorted = measured.latencyNanos().stream().sorted().toList();
        long failed = measured.failures().values().stream().mapToLong(Long::longValue).sum();
        report.put("signatures", sorted.size());
        report.put("failed", failed);
        report.put("elapsedSeconds", seconds(measured.elapsedNanos()));
        report.put("signaturesPerSecond", round(sorted.size() / (measured.elapsedNanos() / 1e9)));
        Map<String, Object> latency = new LinkedHashMap<>();
        if (!sorted.isEmpty()) {
            latency.put("p50", millis(percentile(sorted, 0.50)));
            latency.put("p90", millis(percentile(sorted, 0.90)));
            latency.put("p99", millis(percentile(sorted, 0.99)));
            latency.put("max", millis(sorted.getLast()));
        }
        report.put("latencyMillis", latency);
        report.put("failures", measured.failures());
        report.put("cpu", measured.cpu().report(sorted.size(), measured.elapsedNanos()));
        report.put("memory", memory(plan));
    }

    /** Nearest-rank percentile of sorted values. */
    private static long percentile(List<Long> sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    private Map<String, Object> memory(DevnetPlan plan) {
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("scope", plan == null
                ? "the bench client's JVM only; the network's nodes run elsewhere and are not measured here"
                : services != null ? "the bench client's JVM; each service's own JVM under services"
                : "ONE JVM for all " + plan.nodeCount() + " devnet nodes and the bench clients together (not per node)");
        memory.put("heapUsedMiB", mebibytes(runtime.totalMemory() - runtime.freeMemory()));
        memory.put("heapCommittedMiB", mebibytes(runtime.totalMemory()));
        memory.put("heapMaxMiB", mebibytes(runtime.maxMemory()));
        Optional<ProcessMemory> own = ProcessMemory.of(ProcessHandle.current().pid());
        memory.put("rssMiB", own.map(measured -> round(measured.rssMiB())).orElse(null));
        memory.put("peakRssMiB", own.map(measured -> round(measured.peakRssMiB())).orElse(null));
        if (services != null) {
            Map<String, Object> perService = new LinkedHashMap<>();
            for (DevnetNode node : services.layout().nodes()) {
                ProcessMemory.of(services.pid(node.id())).ifPresent(measured -> perService.put(node.id(), Map.of(
                        "service", node.service().wireName(), "rssMiB", round(measured.rssMiB()),
                        "peakRssMiB", round(measured.peakRssMiB()))));
            }
            memory.put("services", perService);
            services.layout().nodes().stream().filter(node -> node.service() == Role.SIGNING_CLIENT)
                    .flatMap(node -> ProcessMemory.of(services.pid(node.id())).stream())
                    .mapToDouble(ProcessMemory::peakRssMiB).max()
                    .ifPresent(peak -> memory.put("signingNodePeakRssMiBMax", round(peak)));
        }
        return memory;
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> report, Measurements measured) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(report));
            out.flush();
            return;
        }
        out.println("network:    " + report.get("network"));
        out.printf("users:      %s registered in %s s%n", report.get("users"), report.get("registrationSeconds"));
        if (report.containsKey("preloadedUsers")) {
            out.printf("preloaded:  %s synthetic users in every signing node's store (%s s)%n",
                    report.get("preloadedUsers"), report.get("preloadSeconds"));
        }
        out.printf("clients:    %d concurrent, %s%n", clients, report.containsKey("durationSeconds")
                ? "for " + report.get("durationSeconds") + " s" : report.get("requestsPerClient") + " signatures each");
        out.printf("signatures: %s verified, %s failed, in %s s%n", report.get("signatures"), report.get("failed"),
                report.get("elapsedSeconds"));
        out.printf("throughput: %s signatures/s%n", report.get("signaturesPerSecond"));
        Map<String, Object> latency = (Map<String, Object>) report.get("latencyMillis");
        if (!latency.isEmpty()) {
            out.printf("latency ms: p50 %s  p90 %s  p99 %s  max %s%n", latency.get("p50"), latency.get("p90"),
                    latency.get("p99"), latency.get("max"));
        }
        measured.failures().forEach((reason, count) -> out.printf("  %d x %s%n", count, reason));
        Map<String, Object> cpu = (Map<String, Object>) report.get("cpu");
        out.printf("cpu:        %s ms per signature, %s cores busy (%s)%n", cpu.get("millisPerSignature"),
                cpu.get("coresBusy"), cpu.get("scope"));
        Map<String, Object> memory = (Map<String, Object>) report.get("memory");
        out.println("memory:     " + memory.get("scope"));
        out.printf("            heap used %s MiB (committed %s, max %s), RSS %s MiB (peak %s)%n", memory.get("heapUsedMiB"),
                memory.get("heapCommittedMiB"), memory.get("heapMaxMiB"), memory.get("rssMiB"), memory.get("peakRssMiB"));
        if (memory.get("services") instanceof Map<?, ?> perService) {
            perService.forEach((id, service) -> out.printf("            %-10s %s%n", id, service));
        }
        out.flush();
    }

    private static double seconds(long nanos) {
        return round(nanos / 1e9);
    }

    private static double millis(long nanos) {
        return round(nanos / 1e6);
    }

    private static double mebibytes(long bytes) {
        return round(bytes / (1024.0 * 1024.0));
    }

    private static double round(double value) {
        return Math.round(value * 10.0) / 10.0;
    }
}
