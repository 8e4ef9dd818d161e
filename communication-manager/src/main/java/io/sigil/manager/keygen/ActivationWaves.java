package io.sigil.manager.keygen;

import io.sigil.crypto.dkg.Acknowledgement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends {@code activate} in two waves (docs/keygen.md §6.1, "activate in two waves"): first to one
 * kept node per committee, the first in node order, and the rest once every first-wave call has
 * ended, so the first confirmations, which the manager answers on, do not queue behind the other
 * replicas' synced ACTIVE writes on the same cores. A committee whose first-wave node fails or
 * refuses sends to its other kept nodes at once, so a dead node delays that committee only by its
 * own call's failure. A first-wave node that neither answers nor fails (a hung node, held until
 * the node client's timeout) would hold the second wave, and so its committee's confirmation and
 * the user's answer, for as long: the second wave therefore also starts when {@code secondWaveTimer}
 * fires (the manager's {@code sigil.manager.activate-second-wave-after}, far above a normal
 * activate call), whichever comes first. Every kept node stays in {@link ActivationsInFlight} from
 * before the first call until its own call ended, also while it waits for the second wave.
 */
final class ActivationWaves {
    /** One activate call; true when the node confirmed its ACTIVE record under the expected key. */
    @FunctionalInterface
    interface Call {
        boolean confirmed(Acknowledgement ack);
    }

    private final ActivationsInFlight activations;
    private final String userId;
    private final String keyId;
    private final Call call;
    private final Executor secondWaveTimer;

    /**
     * @param secondWaveTimer runs the second wave once, at the latest moment it may start (a
     *     delayed executor in the manager); the wave also starts when the first wave ended
     */
    ActivationWaves(ActivationsInFlight activations, String userId, String keyId, Call call, Executor secondWaveTimer) {
        this.activations = activations;
        this.userId = userId;
        this.keyId = keyId;
        this.call = call;
        this.secondWaveTimer = secondWaveTimer;
    }

    /**
     * Activates {@code kept} and returns as soon as every committee has a node that
     * confirmed, or when every call has ended: the committees of which no node confirmed by then
     * (empty when the activation rule is met). The calls still running or not yet sent go on.
     */
    Set<Integer> run(List<Acknowledgement> kept) throws InterruptedException {
        if (kept.isEmpty()) {
            return Set.of();
        }
        Map<Integer, List<Acknowledgement>> byCommittee = new LinkedHashMap<>();
        kept.stream().sorted(Comparator.comparing(Acknowledgement::nodeId))
                .forEach(ack -> byCommittee.computeIfAbsent(ack.committee(), unused -> new ArrayList<>()).add(ack));
        Set<Integer> unconfirmed = ConcurrentHashMap.newKeySet();
        unconfirmed.addAll(byCommittee.keySet());
        Set<Integer> restSent = ConcurrentHashMap.newKeySet();
        AtomicInteger running = new AtomicInteger(kept.size());
        AtomicInteger firstWaveRunning = new AtomicInteger(byCommittee.size());
        CompletableFuture<Void> answerable = new CompletableFuture<>();
        activations.started(userId, keyId, kept.stream().map(Acknowledgement::nodeId).toList());

        Runnable secondWave = () -> byCommittee.keySet().forEach(committee ->
                sendRest(byCommittee.get(committee), committee, restSent, unconfirmed, running, answerable));
        byCommittee.forEach((committee, nodes) -> send(nodes.getFirst(), unconfirmed, running, answerable, confirmed -> {
            if (!confirmed) {
                sendRest(nodes, committee, restSent, unconfirmed, running, answerable);
            }
            if (firstWaveRunning.decrementAndGet() == 0) {
                secondWave.run();
            }
        }));
        secondWaveTimer.execute(secondWave); // sendRest sends each committee's rest once, whichever starts it
        try {
            answerable.get();
        } catch (ExecutionException impossible) {
            throw new IllegalStateException("activation wait failed", impossible.getCause());
        }
        return new TreeSet<>(unconfirmed);
    }

    /** The committee's kept nodes after its first-wave one, once per committee. */
    private void sendRest(List<Acknowledgement> nodes, int committee, Set<Integer> restSent, Set<Integer> unconfirmed,
                          AtomicInteger running, CompletableFuture<Void> answerable) {
        if (restSent.add(committee)) {
            nodes.subList(1, nodes.size()).forEach(ack -> send(ack, unconfirmed, running, answerable, confirmed -> {
            }));
        }
    }

    private void send(Acknowledgement ack, Set<Integer> unconfirmed, AtomicInteger running,
                      CompletableFuture<Void> answerable, java.util.function.Consumer<Boolean> ended) {
        Thread.ofVirtual().name("activate-" + ack.nodeId()).start(() -> {
            boolean confirmed = false;
            try {
                confirmed = call.confirmed(ack);
                if (confirmed) {
                    unconfirmed.remove(ack.committee());
                }
            } finally {
                activations.settled(userId, keyId, ack.nodeId());
                // running counts every kept node, sent or not, so it reaches zero only after the
                // second wave's calls ended too
                ended.accept(confirmed);
                if (running.decrementAndGet() == 0 || unconfirmed.isEmpty()) {
                    answerable.complete(null);
                }
            }
        });
    }
}
