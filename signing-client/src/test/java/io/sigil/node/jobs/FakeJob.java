package io.sigil.node.jobs;

import io.sigil.crypto.dkls23.AbortClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A job with {@code stages} stages; stage k is done when every peer sent the message "k".
 * The message "bad" ends it blaming its sender. It records what the manager did to it, and
 * counts overlapping calls (there must never be any).
 */
final class FakeJob implements Job<String, String> {

    record Received(String from, String message) {
    }

    private final Set<String> peers;
    private final int stages;
    private final List<Received> received = new ArrayList<>();
    private final Set<String> heardThisStage = new HashSet<>();
    private final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean overlapped;
    private volatile boolean started;
    private volatile JobOutcome<String> outcome;
    private int endedCalls;
    private int stage;
    private JobSink<String> sink;
    private String failOnSend;

    FakeJob(int stages, String... peers) {
        this.peers = Set.of(peers);
        this.stages = stages;
    }

    /** Makes start() send a message that the sink answers with PeerUnreachableException. */
    FakeJob sendingOnStart(String message) {
        this.failOnSend = message;
        return this;
    }

    @Override
    public Set<String> peers() {
        return peers;
    }

    @Override
    public JobStep<String> start(JobSink<String> outgoing) {
        enter();
        try {
            started = true;
            sink = outgoing;
            stage = 1;
            if (failOnSend != null) {
                sink.send(failOnSend);
            }
            return JobStep.running();
        } finally {
            leave();
        }
    }

    @Override
    public JobStep<String> onMessage(String from, String message) {
        enter();
        try {
            received.add(new Received(from, message));
            if (message.equals("bad")) {
                return JobStep.ended(JobOutcome.failed("InvalidMessage", AbortClass.RETRY, Set.of(from),
                        "bad message"));
            }
            if (message.equals(Integer.toString(stage))) {
                heardThisStage.add(from);
            }
            if (heardThisStage.containsAll(peers)) {
                heardThisStage.clear();
                if (stage == stages) {
                    return JobStep.completed("done");
                }
                stage++;
            }
            return JobStep.running();
        } finally {
            leave();
        }
    }

    @Override
    public int stage() {
        return stage;
    }

    @Override
    public Set<String> waitingFor() {
        Set<String> waiting = new TreeSet<>(peers);
        waiting.removeAll(heardThisStage);
        return waiting;
    }

    @Override
    public void ended(JobOutcome<String> result) {
        endedCalls++;
        outcome = result;
    }

    boolean started() {
        return started;
    }

    JobOutcome<String> outcome() {
        return outcome;
    }

    int endedCalls() {
        return endedCalls;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    boolean overlapped() {
        return overlapped;
    }

    private void enter() {
        if (inside.incrementAndGet() != 1) {
            overlapped = true;
        }
    }

    private void leave() {
        inside.decrementAndGet();
    }
}
