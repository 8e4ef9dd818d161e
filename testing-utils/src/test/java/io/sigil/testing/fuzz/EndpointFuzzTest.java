package io.sigil.testing.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.json.Json;
import io.sigil.testing.fuzz.EndpointFuzzer.AnswerCheck;
import io.sigil.testing.fuzz.EndpointFuzzer.Report;
import io.sigil.testing.fuzz.EndpointFuzzer.RequestMaker;
import io.sigil.testing.fuzz.FuzzRequests.Signer;
import io.sigil.testing.fuzz.FuzzRequests.Target;
import io.sigil.wire.sign.NewParty;
import io.sigil.wire.sign.SessionReport;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.user.DeleteUserRequest;
import io.sigil.wire.user.NewUserBundle;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Throws at least {@code sigil.fuzz.count} (default 10,000) generated requests at every HTTP
 * endpoint of the three services on an in-JVM devnet holding one registered key and one finished
 * signature: malformed bodies at every POST (most of them validly node-signed where the endpoint
 * takes node requests, so they reach the parser), fuzzed path parameters and headers at every
 * GET. Every POST answer must be a 4xx, no answer a 5xx or a hang; afterwards the platform thread
 * count and the heap settle back near where they were, and every store is byte-identical.
 * {@code -Dsigil.fuzz.seed=} replays a run.
 */
class EndpointFuzzTest {
    private static final int COUNT = Integer.getInteger("sigil.fuzz.count", 10_000);
    private static final int CONCURRENCY = 8;
    private static final int WARMUP = 200;
    private static final int THREAD_MARGIN = 8;
    private static final long HEAP_MARGIN = 256L * 1024 * 1024;
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final AnswerCheck CLIENT_ERROR = AnswerCheck.statuses(status -> status >= 400 && status < 500);
    private static final AnswerCheck NO_SERVER_ERROR = AnswerCheck.statuses(status -> status >= 200 && status < 500);
    /**
     * A leader relays what it cannot judge itself: it cannot check a deletion's account signature
     * (only the nodes hold the account keys), and a bundle whose encoding differs from the kept
     * conflicting one only in a way the nodes read as the same bytes (say, a hex digit's case) is
     * well-formed and validly signed. It answers 200 with the nodes' refusals. That is accepted
     * only when no node acknowledged and every node refused with a 4xx; the store comparison shows
     * nothing changed.
     */
    private static final AnswerCheck CLIENT_ERROR_OR_RELAYED_REFUSAL = (status, body) -> {
        if (status >= 400 && status < 500) {
            return true;
        }
        if (status != 200) {
            return false;
        }
        // new_user and delete_user relay answers share this shape: {committee, leaderId, acks, failures}
        JsonNode relayed = Json.mapper().readTree(body);
        JsonNode failures = relayed.path("failures");
        if (!relayed.path("acks").isArray() || !relayed.path("acks").isEmpty() || !failures.isArray()
                || failures.isEmpty()) {
            return false;
        }
        for (JsonNode failure : failures) {
            int nodeStatus = failure.path("status").asInt();
            if (nodeStatus < 400 || nodeStatus >= 500) {
                return false;
            }
        }
        return true;
    };

    /**
     * A mutant of a report for the finished request that is still a well-formed report signed by
     * a party member (a changed reason, a dropped culprit list) is not malformed: the manager
     * acknowledges it as ignored ({@code 200 {"accepted":false}}) rather than make the node treat
     * a late report as an error. Only that exact answer is allowed besides a 4xx; the store
     * comparison shows it changed nothing.
     */
    private static final AnswerCheck CLIENT_ERROR_OR_IGNORED_REPORT = (status, body) ->
            status >= 400 && status < 500 || status == 200
                    && new String(body, StandardCharsets.UTF_8).replace(" ", "").equals("{\"accepted\":false}");

    @TempDir
    static Path directory;

    private static FuzzDevnet network;
    private static HttpClient client;

    private record Endpoint(String name, RequestMaker maker, AnswerCheck allowed) {
    }

    @BeforeAll
    static void start() throws Exception {
        network = FuzzDevnet.start(directory);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (network != null) {
            network.close();
        }
    }

    @Test
    void everyEndpointAnswersMalformedRequestsWithClientErrorsAndNothingLeaksOrChanges() throws Exception {
        long seed = Long.getLong("sigil.fuzz.seed", new SecureRandom().nextLong());
        System.out.println("fuzz seed " + seed + " (replay with -Dsigil.fuzz.seed=" + seed + "), " + COUNT + " per endpoint");
        List<Endpoint> endpoints = endpoints();
        for (String node : List.of("node-1b", "leader-1", "manager-1")) {
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(network.url(node).resolve("/health/readiness")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as("%s is ready before the fuzz: %s", node, ready.body()).isEqualTo(200);
        }
        EndpointFuzzer fuzzer = new EndpointFuzzer(client, CONCURRENCY);
        for (Endpoint endpoint : endpoints) {
            fuzzer.run(endpoint.name(), endpoint.maker(), WARMUP, seed - 1, endpoint.allowed());
        }
        Map<String, String> storesBefore = stableSnapshot();
        int threadsBefore = threads().getThreadCount();
        long heapBefore = usedHeapAfterGc();

        long started = System.nanoTime();
        List<Report> reports = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint endpoint = endpoints.get(i);
            Report report = fuzzer.run(endpoint.name(), endpoint.maker(), COUNT, seed + i, endpoint.allowed());
            System.out.println(report.summary());
            report.unexpected().forEach(sample -> System.out.println("    UNEXPECTED " + sample));
            reports.add(report);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        int threadsAfter = settledThreadCount(threadsBefore + THREAD_MARGIN);
        long heapAfter = settledHeap(heapBefore + HEAP_MARGIN);
        Map<String, String> storesAfter = StoreSnapshot.of(network.devnet);
        System.out.printf("fuzz: %d requests over %d endpoints in %d s; platform threads %d -> %d; heap after GC %d MiB -> %d MiB;"
                        + " store entries %s%n", reports.stream().mapToInt(Report::sent).sum(), reports.size(), took.toSeconds(),
                threadsBefore, threadsAfter, heapBefore >> 20, heapAfter >> 20, StoreSnapshot.countsByNode(storesBefore));

        List<String> failures = new ArrayList<>();
        for (Report report : reports) {
            if (report.sent() < COUNT || report.timeouts() > 0 || report.disallowed() > 0) {
                failures.add(report.endpoint() + ": sent " + report.sent() + ", timeouts " + report.timeouts() + ", unexpected "
                        + report.disallowed() + " " + report.statuses() + " e.g. " + report.unexpected());
            }
        }
        assertThat(failures).as("endpoints that answered a malformed request with something other than a 4xx").isEmpty();
        assertThat(threadsAfter).as("platform threads after the fuzz (before: %d)", threadsBefore)
                .isLessThanOrEqualTo(threadsBefore + THREAD_MARGIN);
        assertThat(heapAfter).as("used heap after GC (before: %d MiB)", heapBefore >> 20).isLessThanOrEqualTo(heapBefore + HEAP_MARGIN);
        assertThat(StoreSnapshot.countsByNode(storesBefore)).as("every signing node and the manager hold state").hasSize(7);
        assertThat(storesAfter).as("every store is byte-identical").isEqualTo(storesBefore);
    }

    private static List<Endpoint> endpoints() {
        Target node = network.target("node-1b");
        Target leader = network.target("leader-1");
        Target manager = network.target("manager-1");
        Signer leaderOne = network.signer("leader-1");
        Signer leaderTwo = network.signer("leader-2");
        Signer managerOne = network.signer("manager-1");
        Signer smallerNode = network.signer("node-1a");
        Signer largerNode = network.signer("node-2a");
        Signer reporter = network.signer("node-1b");
        List<byte[]> bundles = network.conflictingBundles(1);
        List<byte[]> deletions = network.refusedDeletions();
        List<byte[]> signRequests = network.replayedSignRequests();
        List<byte[]> reports = network.reportsForFinishedRequest();
        List<byte[]> parties = network.replayedParties();
        String requestId = network.signed.requestId();

        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(post("signing-client", node, "/v1/new_user", bundles, NewUserBundle.class, leaderOne, leaderTwo));
        endpoints.add(post("signing-client", node, "/v1/delete_user", deletions, DeleteUserRequest.class, leaderOne, leaderTwo));
        endpoints.add(post("signing-client", node, "/v1/new_party", parties, NewParty.class, managerOne, leaderOne));
        endpoints.add(post("signing-client", node, "/v1/pairing/start", FuzzDevnet.pairingStarts(), null, smallerNode, largerNode));
        endpoints.add(post("signing-client", node, "/v1/pairing/finish", FuzzDevnet.pairingFinishes(), null, smallerNode, largerNode));
        endpoints.add(new Endpoint("committee-leader POST /v1/new_user", FuzzRequests.post(leader, "/v1/new_user",
                new MalformedBodies(bundles), null, leaderTwo, sameAs(bundles, NewUserBundle.class)),
                CLIENT_ERROR_OR_RELAYED_REFUSAL));
        endpoints.add(new Endpoint("committee-leader POST /v1/delete_user", FuzzRequests.post(leader, "/v1/delete_user",
                new MalformedBodies(deletions), null, leaderTwo, sameAs(deletions, DeleteUserRequest.class)),
                CLIENT_ERROR_OR_RELAYED_REFUSAL));
        endpoints.add(post("communication-manager", manager, "/v1/sign_request", signRequests, SignRequest.class, null, leaderOne));
        endpoints.add(new Endpoint("communication-manager POST /v1/report", FuzzRequests.post(manager, "/v1/report",
                new MalformedBodies(reports), reporter, leaderOne, sameAs(reports, SessionReport.class)),
                CLIENT_ERROR_OR_IGNORED_REPORT));

        endpoints.add(get("signing-client", FuzzRequests.get(node, "/v1/signature/{requestId}",
                FuzzRequests.pathValues(List.of(requestId), 16), null, leaderOne, null), "/v1/signature/{requestId}"));
        endpoints.add(get("signing-client", FuzzRequests.get(node, "/v1/channel", null, smallerNode, leaderOne,
                "Last-Event-ID"), "/v1/channel"));
        endpoints.add(get("communication-manager", FuzzRequests.get(manager, "/v1/signature/{requestId}",
                FuzzRequests.pathValues(List.of(requestId), 16), null, leaderOne, null), "/v1/signature/{requestId}"));
        endpoints.add(get("communication-manager", FuzzRequests.get(manager, "/v1/signature/{requestId}/events",
                FuzzRequests.pathValues(List.of(requestId), 16), null, leaderOne, "Last-Event-ID"), "/v1/signature/{requestId}/events"));
        Map<String, Target> services = new LinkedHashMap<>();
        services.put("signing-client", node);
        services.put("committee-leader", leader);
        services.put("communication-manager", manager);
        for (Map.Entry<String, Target> service : services.entrySet()) {
            List<String> paths = new ArrayList<>(List.of("/v1/info", "/v1/faults", "/health", "/health/liveness", "/health/readiness"));
            if (service.getKey().equals("signing-client")) {
                paths.addAll(List.of("/v1/who_cl", "/v1/who_cm"));
            }
            for (String path : paths) {
                endpoints.add(get(service.getKey(), FuzzRequests.get(service.getValue(), path, null, null, leaderOne, null), path));
            }
        }
        return endpoints;
    }

    private static Endpoint post(String service, Target base, String path, List<byte[]> templates, Class<?> type, Signer signer,
                                 Signer wrongRole) {
        return new Endpoint(service + " POST " + path,
                FuzzRequests.post(base, path, new MalformedBodies(templates), signer, wrongRole, sameAs(templates, type)),
                CLIENT_ERROR);
    }

    private static Endpoint get(String service, RequestMaker maker, String path) {
        return new Endpoint(service + " GET " + path, maker, NO_SERVER_ERROR);
    }

    /** True for a mutant that still reads as one of the real requests: that is not a malformed body. */
    private static Predicate<byte[]> sameAs(List<byte[]> templates, Class<?> type) {
        if (type == null) {
            return bytes -> false;
        }
        List<Object> meanings = templates.stream().map(bytes -> (Object) Json.read(bytes, type)).toList();
        return bytes -> {
            try {
                Object read = Json.read(bytes, type);
                return meanings.stream().anyMatch(meaning -> Objects.equals(meaning, read));
            } catch (RuntimeException malformed) {
                return false;
            }
        };
    }

    /** A snapshot taken twice in a row with the same content: background work from the setup has stopped. */
    private static Map<String, String> stableSnapshot() throws InterruptedException {
        Map<String, String> previous = StoreSnapshot.of(network.devnet);
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            Thread.sleep(200);
            Map<String, String> current = StoreSnapshot.of(network.devnet);
            if (current.equals(previous) || System.nanoTime() > deadline) {
                return current;
            }
            previous = current;
        }
    }

    /** Polls until the platform thread count is at most {@code bound} (idle pool threads time out), or the deadline. */
    private static int settledThreadCount(int bound) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        int count = threads().getThreadCount();
        while (count > bound && System.nanoTime() < deadline) {
            Thread.sleep(100);
            count = threads().getThreadCount();
        }
        return count;
    }

    private static long settledHeap(long bound) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        long used = usedHeapAfterGc();
        while (used > bound && System.nanoTime() < deadline) {
            Thread.sleep(100);
            used = usedHeapAfterGc();
        }
        return used;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static ThreadMXBean threads() {
        return ManagementFactory.getThreadMXBean();
    }
}
