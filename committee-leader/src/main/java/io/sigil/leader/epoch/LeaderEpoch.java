package io.sigil.leader.epoch;

import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.micronaut.scheduling.annotation.Scheduled;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.service.auth.NodeRequestAuthenticator;
import io.sigil.service.epoch.CommitAdoption;
import io.sigil.service.node.EpochView;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.epoch.NodeEpochState;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a committee leader follows the epoch changes it takes no part in (docs/keygen.md §6.4 "The
 * commit"): it learns a commit from the signing nodes, as a restarted manager does
 * ({@link CommitAdoption}: the chain a node serves verified from genesis, the commit's readies by
 * the nodes' rule), and runs the new registry without new files or a restart. It asks
 * <ul>
 *   <li>at start (the configured registry may be older than the network's),</li>
 *   <li>when a user's request names an epoch after the one it runs (an ask that found no later
 *       commit is not repeated within {@code sigil.leader.epoch-ask-interval}, so requests naming
 *       a made-up epoch cannot make it query every node each time), and</li>
 *   <li>every {@code sigil.leader.epoch-check-interval}: a leader of a committee the new registry
 *       removes gets no request naming the new epoch, and must still learn that it is retired.</li>
 * </ul>
 * A retired leader answers every relay with {@code 503 node-retired} and readiness {@code RETIRED}.
 */
@Singleton
public final class LeaderEpoch implements EpochView, AutoCloseable {
    private final LocalNode local;
    private final CommitAdoption adoption;
    private final Duration askInterval;
    private final Clock clock;
    /** When an ask last found no later commit: only such asks are spaced out (a learned commit is not). */
    private Instant lastFruitless;
    private volatile Thread atStart;

    @Inject
    LeaderEpoch(LocalNode local, CommitAdoption adoption,
                @Value("${sigil.leader.epoch-ask-interval:5s}") Duration askInterval) {
        this(local, adoption, askInterval, Clock.systemUTC());
    }

    LeaderEpoch(LocalNode local, CommitAdoption adoption, Duration askInterval, Clock clock) {
        this.local = local;
        this.adoption = adoption;
        this.askInterval = askInterval;
        this.clock = clock;
    }

    @Override
    public String state() {
        return local.retired() ? NodeEpochState.RETIRED : NodeEpochState.ACTIVE;
    }

    @Override
    public Long proposedEpoch() {
        return null; // a leader is not sent proposals: it holds no shard
    }

    @EventListener
    void onServerStarted(ServerStartupEvent started) {
        atStart = Thread.ofVirtual().name("leader-epoch-at-start").start(this::learn);
    }

    @Scheduled(fixedDelay = "${sigil.leader.epoch-check-interval:60s}",
            initialDelay = "${sigil.leader.epoch-check-interval:60s}")
    void periodicCheck() {
        learn();
    }

    /**
     * Before a request that names {@code epoch}: when it is after the running epoch, asks the nodes
     * (unless an ask found nothing less than the ask interval ago); then refuses the request if this leader is
     * retired. A request naming an epoch it does not reach is refused afterwards by its binding check.
     */
    public void before(long epoch) {
        if (epoch > local.registry().epoch() && !local.retired()) {
            askIfDue(epoch);
        }
        refuseIfRetired();
    }

    /** {@code 503 node-retired} when a committed registry left this leader out. */
    public void refuseIfRetired() {
        if (local.retired()) {
            throw NodeRequestAuthenticator.retired(local);
        }
    }

    private synchronized void askIfDue(long epoch) {
        if (epoch <= local.registry().epoch() || local.retired()) {
            return; // learned while this request waited for another one's ask
        }
        Instant now = clock.instant();
        if (lastFruitless != null && now.isBefore(lastFruitless.plus(askInterval))) {
            return;
        }
        lastFruitless = learn() ? null : now;
    }

    /**
     * Asks the signing nodes of the running registry (its own committee first) for their
     * {@code GET /v1/epoch} and adopts the first later commit that checks out.
     *
     * @return whether the running registry changed (or this leader was retired)
     */
    public synchronized boolean learn() {
        if (local.retired()) {
            return false;
        }
        for (NodeEntry node : nodesToAsk(local.registry())) {
            Optional<NodeEpochState> state = adoption.stateOf(node);
            if (state.isPresent() && adoption.showsLaterCommit(state.get())
                    && adoption.adoptFrom(node, state.get().committed()).isPresent()) {
                return true;
            }
        }
        return false;
    }

    private List<NodeEntry> nodesToAsk(Registry registry) {
        Integer own = local.entry().committee().orElse(null);
        List<NodeEntry> first = new ArrayList<>();
        List<NodeEntry> then = new ArrayList<>();
        for (NodeEntry node : registry.nodesWithRole(Role.SIGNING_CLIENT)) {
            (own != null && own.equals(node.committee().orElse(null)) ? first : then).add(node);
        }
        first.addAll(then);
        return first;
    }

    @PreDestroy
    @Override
    public void close() {
        Thread asking = atStart;
        if (asking != null) {
            asking.interrupt();
        }
    }
}
