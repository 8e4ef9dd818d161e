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
 * A stream of sign requests from a handful of concurrent clients, each submitting its next
 * request once the previous one is final, has waited {@code perRequestWait}, or cannot be
 * followed because the manager is unreachable (it is then left to {@link #sweep}, as an
 * application would check it later) — so the clients keep submitting through a manager outage.
 * The stream keeps going while services die and come back: a submission the manager could not take (unreachable,
 * 5xx, 429) is posted again — the same signed request, so the same request id — until it is
 * accepted ({@code 202}) or known ({@code 409}, a repeat of one that got through); a status the
 * manager cannot give right now is asked again. Each request's final status is kept with the
 * {@link System#nanoTime()} it was first seen.
 */
final class SignRequestStream {
    static final Duration POLL_INTERVAL = Duration.ofMillis(150);
    static final Duration RETRY_INTERVAL = Duration.ofMillis(250);

    /** One request of the stream; mutable, written by its client thread, read after the stream ends. */
    static final class Tracked {
        final int index;
        final User user;
        final String message;
        final SignRequest request;
        volatile String submission = "not submitted";
        volatile int resubmissions;
        volatile int unreachablePolls;
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
    private final int clients;
    private final Duration perRequestWait;
    private final Duration submitFor;
    private final AtomicInteger finished = new AtomicInteger();
    private final ExecutorService threads;

    SignRequestStream(SigilHttp http, URI manager, List<User> users, int count, int clients, Duration perRequestWait,
                      Duration submitFor, Duration lifetime) {
        this.http = http;
        this.manager = manager;
        this.clients = clients;
        this.perRequestWait = perRequestWait;
        this.submitFor = submitFor;
        for (int index = 0; index < count; index++) {
            User user = users.get(index % users.size());
            String message = "stream request " + index;
            requests.add(new Tracked(index, user, message,
                    ManagerRequests.messageRequest(user.account(), user.key(), message, lifetime)));
        }
        this.threads = Executors.newFixedThreadPool(clients, Thread.ofVirtual().name("stream-client-", 0).factory());
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

    void start() {
        for (int client = 0; client < clients; client++) {
            int first = client;
            threads.execute(() -> {
                for (int index = first; index < requests.size(); index += clients) {
                    run(requests.get(index));
                }
            });
        }
        threads.shutdown();
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

    boolean awaitClients(Duration timeout) throws InterruptedException {
        return threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
        threads.shutdownNow();
    }

    private void run(Tracked tracked) {
        try {
            long submitDeadline = System.nanoTime() + submitFor.toNanos();
            if (!submit(tracked, submitDeadline)) {
                return;
            }
            long deadline = System.nanoTime() + perRequestWait.toNanos();
            while (System.nanoTime() < deadline) {
                Poll answer = poll(tracked);
                if (answer != Poll.PENDING) {
                    return;
                }
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

    private enum Poll { FINAL, PENDING, UNREACHABLE }

    /** One status read. A manager that is down, or not ready yet, is asked again later. */
    private Poll poll(Tracked tracked) {
        if (tracked.isFinal()) {
            return Poll.FINAL;
        }
        try {
            SignatureStatus status = http.get(manager.resolve("/v1/signature/" + tracked.requestId()), SignatureStatus.class);
            tracked.lastStatus = status;
            if (status.finished()) {
                tracked.finalNanos = System.nanoTime();
                finished.incrementAndGet();
                return Poll.FINAL;
            }
        } catch (SigilApiException notNow) {
            if (notNow.status() == 0) {
                tracked.unreachablePolls++;
                return Poll.UNREACHABLE;
            }
            if (notNow.status() == 404) {
                // an accepted request the manager no longer knows: lost; recorded so the test names it
                tracked.lastStatus = new SignatureStatus(tracked.requestId(), "unknown to the manager (404)", null, null,
                        null, null, notNow.getMessage(), List.of(), 0);
            }
        }
        return Poll.PENDING;
    }
}
