package io.sigil.testing.process;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.testing.process.ProcessNetwork.User;
import io.sigil.testing.sign.ManagerRequests;
import io.sigil.wire.sign.SignRequest;
import io.sigil.wire.sign.SignatureStatus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream of sign requests arriving at a steady rate from several users, each request followed
 * by its own client until it is final (or has waited {@code perRequestWait}), that keeps going
 * while services die and come back: a submission the manager could not take (unreachable,
 * 5xx, 429) is posted again — the same signed request, so the same request id — until it is
 * accepted ({@code 202}) or known ({@code 409}, a repeat of one that got through); a status the
 * manager cannot give right now is asked again. Each request's final status is kept with the
 * {@link System#nanoTime()} it was first seen.
 */
final class SignRequestStream {
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    static final Duration RETRY_INTERVAL = Duration.ofMillis(250);

    /** One request of the stream; mutable, written by its client thread, read after the stream ends. */
    static final class Tracked {
        final int index;
        final User user;
        final String message;
        final SignRequest request;
        volatile String submission = "not submitted";
        volatile int resubmissions;
        volatile boolean alreadyKnown;
        volatile SignatureStatus lastStatus;
        volatile long finalNanos;

        Tracked(int index, User user, String message, SignRequest request) {
            this.index = index;
            this.user = user;
            this.message = message;
            this.request = request;
        }

        String requestId() {
            return request.requestId();
        }

        boolean isFinal() {
            return lastStatus != null && lastStatus.finished();
        }
    }

    private final SigilHttp http;
    private final URI manager;
    private final List<Tracked> requests = new ArrayList<>();
    private final Thread arrivals;
    private final Duration perRequestWait;
    private final Duration submitFor;
    private final AtomicInteger finished = new AtomicInteger();
    private final ExecutorService threads;

    SignRequestStream(SigilHttp http, URI manager, List<User> users, int count, Duration interval, Duration perRequestWait,
                      Duration submitFor, Duration lifetime) {
        this.http = http;
        this.manager = manager;
        this.perRequestWait = perRequestWait;
        this.submitFor = submitFor;
        for (int index = 0; index < count; index++) {
            User user = users.get(index % users.size());
            String message = "stream request " + index;
            requests.add(new Tracked(index, user, message,
                    ManagerRequests.messageRequest(user.account(), user.key(), message, lifetime)));
        }
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("stream-request-", 0).factory());
        this.arrivals = Thread.ofVirtual().name("stream-arrivals").unstarted(() -> arrive(interval));
    }

    List<Tracked> requests() {
        return requests;
    }

    /** Requests whose final status a client has seen so far: the progress the test schedules its faults by. */
    int finished() {
        return finished.get();
    }

    /** Requests accepted by the manager and not yet seen final: what a manager killed now holds pending. */
    List<Tracked> inFlight() {
        return requests.stream().filter(tracked -> tracked.submission.startsWith("accepted") && !tracked.isFinal()).toList();
    }

    /**
     * Starts the stream: request {@code i} arrives at {@code i × interval} (open loop: arrivals do
     * not wait for earlier requests, as independent users would not), each on its own virtual
     * thread that submits it and then follows it until final or {@code perRequestWait}.
     */
    void start() {
        arrivals.start();
    }

    /** Waits until {@link #finished()} reaches {@code count}, at most {@code timeout}; false when it did not. */
    boolean awaitFinished(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (finished.get() < count) {
            if (System.nanoTime() > deadline || threads.isTerminated()) {
                return finished.get() >= count;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Waits until every request has arrived and its thread has ended. */
    boolean awaitClients(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        arrivals.join(timeout);
        return threads.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Polls every request not yet final until all are, or {@code timeout} passes. */
    void sweep(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Tracked> open = requests.stream().filter(tracked -> !tracked.isFinal()).toList();
            if (open.isEmpty()) {
                return;
            }
            for (Tracked tracked : open) {
                if (tracked.submission.startsWith("not")) {
                    submit(tracked, deadline);
                } else {
                    poll(tracked);
                }
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    void stop() {
        arrivals.interrupt();
        threads.shutdownNow();
    }

    private void arrive(Duration interval) {
        long first = System.nanoTime();
        try {
            for (Tracked tracked : requests) {
                long due = first + tracked.index * interval.toNanos();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(Duration.ofNanos(wait));
                }
                threads.execute(() -> run(tracked));
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } finally {
            threads.shutdown();
        }
    }

    private void run(Tracked tracked) {
        try {
            long submitDeadline = System.nanoTime() + submitFor.toNanos();
            if (!submit(tracked, submitDeadline)) {
                return;
            }
            long deadline = System.nanoTime() + perRequestWait.toNanos();
            while (!poll(tracked) && System.nanoTime() < deadline) {
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** Posts until accepted or known; false when the deadline passed or the manager refused it for good. */
    private boolean submit(Tracked tracked, long deadline) throws InterruptedException {
        while (true) {
            try {
                http.post(manager.resolve("/v1/sign_request"), tracked.request, io.sigil.wire.sign.SignRequestAccepted.class);
                tracked.submission = "accepted";
                return true;
            } catch (SigilApiException refused) {
                int status = refused.status();
                if (status == 409) {
                    tracked.alreadyKnown = true;
                    tracked.submission = "accepted (409 on a repeat)";
                    return true;
                }
                boolean transientFailure = status == 0 || status == 429 || status / 100 == 5;
                if (!transientFailure) {
                    tracked.submission = "not accepted: " + refused.getMessage();
                    return false;
                }
                tracked.resubmissions++;
                if (System.nanoTime() > deadline) {
                    tracked.submission = "not accepted before the deadline: " + refused.getMessage();
                    return false;
                }
                Thread.sleep(RETRY_INTERVAL.toMillis());
            }
        }
    }

    /** One status read; true once final. A manager that is down, or not ready yet, is asked again later. */
    private boolean poll(Tracked tracked) {
        if (tracked.isFinal()) {
            return true;
        }
        try {
            SignatureStatus status = http.get(manager.resolve("/v1/signature/" + tracked.requestId()), SignatureStatus.class);
            tracked.lastStatus = status;
            if (status.finished()) {
                tracked.finalNanos = System.nanoTime();
                finished.incrementAndGet();
                return true;
            }
        } catch (SigilApiException notNow) {
            if (notNow.status() == 404) {
                // an accepted request the manager no longer knows: lost; recorded so the test names it
                tracked.lastStatus = new SignatureStatus(tracked.requestId(), "unknown to the manager (404)", null, null,
                        null, null, notNow.getMessage(), List.of(), 0);
            }
        }
        return false;
    }
}
