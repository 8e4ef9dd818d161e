package io.sigil.testing.fuzz;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * Sends {@code count} generated requests at one endpoint, {@code concurrency} at a time on virtual
 * threads over the shared keep-alive client, and tallies every answer: status histogram, statuses
 * per generator kind, the first few unexpected answers, timeouts and dropped connections.
 */
final class EndpointFuzzer {

    /** One generated request and the label of the strategy that made it. */
    record Attempt(String kind, HttpRequest request) {
    }

    @FunctionalInterface
    interface RequestMaker {
        Attempt make(SplittableRandom random);
    }

    /** Whether an answer is acceptable for the endpoint. */
    @FunctionalInterface
    interface AnswerCheck {
        boolean allows(int status, byte[] body);

        static AnswerCheck statuses(IntPredicate allowed) {
            return (status, body) -> allowed.test(status);
        }
    }

    /** What one endpoint answered. {@code unexpected} holds samples of answers {@code allowed} refused. */
    record Report(String endpoint, int sent, Map<Integer, Integer> statuses, Map<String, Map<Integer, Integer>> statusesByKind,
                  int timeouts, int connectionsClosed, int disallowed, List<String> unexpected) {

        String summary() {
            return String.format("%-48s sent %6d  statuses %s  timeouts %d  closed %d  disallowed %d%n    by kind %s", endpoint,
                    sent, statuses, timeouts, connectionsClosed, disallowed, statusesByKind);
        }
    }

    private static final int SAMPLES = 8;

    private final HttpClient client;
    private final int concurrency;

    EndpointFuzzer(HttpClient client, int concurrency) {
        this.client = client;
        this.concurrency = concurrency;
    }

    /**
     * Runs the endpoint. An answer is unexpected when {@code allowed} refuses its status; such
     * statuses are kept in the histogram and sampled. Status -1 marks a timeout (a hang).
     */
    Report run(String endpoint, RequestMaker maker, int count, long seed, AnswerCheck allowed) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(seed);
        Map<Integer, Integer> statuses = Collections.synchronizedMap(new TreeMap<>());
        Map<String, Map<Integer, Integer>> byKind = Collections.synchronizedMap(new TreeMap<>());
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        int[] failures = new int[2];
        AtomicInteger disallowed = new AtomicInteger();
        Semaphore slots = new Semaphore(concurrency);
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < count; i++) {
                Attempt attempt = maker.make(random);
                slots.acquire();
                senders.execute(() -> {
                    try {
                        int status = send(attempt, allowed, unexpected, failures, disallowed);
                        statuses.merge(status, 1, Integer::sum);
                        synchronized (byKind) {
                            byKind.computeIfAbsent(attempt.kind(), kind -> new TreeMap<>()).merge(status, 1, Integer::sum);
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
            senders.shutdown();
            senders.awaitTermination(10, TimeUnit.MINUTES);
        }
        return new Report(endpoint, count, new TreeMap<>(statuses), new TreeMap<>(byKind), failures[0], failures[1],
                disallowed.get(), List.copyOf(unexpected));
    }

    /**
     * Sends the attempt over the shared keep-alive client. When the connection closed before a
     * single byte of an answer arrived, the request is sent once more on a new connection of its own
     * (a client without a pool): the server closes a connection after answering some malformed
     * requests (413 to an over-long request line, for one), and a pooled connection the client
     * reused in the moment before it saw that close fails this way without the server ever having
     * read the request (RFC 9112 §9.3.1 lets a client resend then). A server that drops the request
     * itself drops the resent copy too, and that is reported.
     */
    private HttpResponse<byte[]> exchange(Attempt attempt) throws IOException, InterruptedException {
        try {
            return client.send(attempt.request(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException closed) {
            if (closed instanceof HttpTimeoutException || closed.getMessage() == null
                    || !closed.getMessage().contains("received no bytes")) {
                throw closed;
            }
            System.out.println("    resent on a new connection after a pooled one closed: " + attempt.kind() + " "
                    + attempt.request().uri());
            try (HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build()) {
                return fresh.send(attempt.request(), HttpResponse.BodyHandlers.ofByteArray());
            }
        }
    }

    /** The answer's status; -1 for a timeout; 0 for a connection the server closed before answering. */
    private int send(Attempt attempt, AnswerCheck allowed, List<String> unexpected, int[] failures, AtomicInteger disallowed) {
        try {
            HttpResponse<byte[]> response = exchange(attempt);
            int status = response.statusCode();
            if (allowed.allows(status, response.body())) {
                return status;
            }
            disallowed.incrementAndGet();
            if (unexpected.size() < SAMPLES) {
                String body = new String(response.body(), 0, Math.min(400, response.body().length), StandardCharsets.UTF_8);
                unexpected.add(attempt.kind() + " " + attempt.request().method() + " " + attempt.request().uri()
                        + " -> " + status + " " + body);
            }
            return status;
        } catch (HttpTimeoutException hung) {
            synchronized (failures) {
                failures[0]++;
            }
            disallowed.incrementAndGet();
            if (unexpected.size() < SAMPLES) {
                unexpected.add(attempt.kind() + " " + attempt.request().uri() + " -> timed out");
            }
            return -1;
        } catch (IOException closed) {
            // The server may close the connection of an over-limit upload after answering 413
            // before the client finishes writing; anything else is recorded as unexpected.
            synchronized (failures) {
                failures[1]++;
            }
            if (!attempt.kind().startsWith("huge")) {
                disallowed.incrementAndGet();
            }
            if (!attempt.kind().startsWith("huge") && unexpected.size() < SAMPLES) {
                unexpected.add(attempt.kind() + " " + attempt.request().uri() + " -> connection closed: " + closed);
            }
            return attempt.kind().startsWith("huge") ? 0 : -2;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return -3;
        }
    }
}
