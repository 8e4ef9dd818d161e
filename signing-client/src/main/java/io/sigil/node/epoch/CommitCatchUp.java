package io.sigil.node.epoch;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.epoch.EpochAnswer;
import io.sigil.wire.epoch.EpochCommit;
import io.sigil.wire.epoch.NodeEpochState;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node that missed a commit (down while the manager sent it, or up but cut off from it)
 * learns it without anyone's help (lifecycle §3.2: "from any peer's signed readies"): while a
 * proposal is open it asks the signing nodes of both epochs for their {@code GET /v1/epoch}, at
 * start and then again after {@link #FIRST_WAIT}, doubling up to {@link #LONGEST_WAIT}; a peer that
 * committed the node's own open proposal shows that commit, and the node applies it through
 * {@link NodeCommit}, which checks every ready itself, so a peer's word adds nothing but the
 * message. With no proposal open it looks again every {@link #LONGEST_WAIT}. {@link #askSoon}
 * cuts the current wait short (tests; the operator's commit through the manager needs no poll).
 */
@Singleton
public final class CommitCatchUp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommitCatchUp.class);
    /** The wait after the first unanswered ask; it doubles after each. */
    static final Duration FIRST_WAIT = Duration.ofSeconds(5);
    /** The longest wait between asks, and the idle check while no proposal is open. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    private final LocalNode local;
    private final NodeEpoch epoch;
    private final NodeCommit commit;
    private final SignedNodeClient client;
    private volatile Thread asking;
    private final BlockingQueue<Boolean> wakeUps = new LinkedBlockingQueue<>();

    CommitCatchUp(LocalNode local, NodeEpoch epoch, NodeCommit commit, SignedNodeClient client) {
        this.local = local;
        this.epoch = epoch;
        this.commit = commit;
        this.client = client;
    }

    @EventListener
    void onServerStarted(ServerStartupEvent started) {
        if (!local.retired()) {
            asking = Thread.ofVirtual().name("epoch-commit-catch-up").start(this::askWhileOpen);
        }
    }

    /** Wakes the asking loop now instead of at the end of its current wait. */
    public void askSoon() {
        wakeUps.offer(Boolean.TRUE);
    }

    /** The wait after {@code previous} went unanswered: twice as long, at most {@link #LONGEST_WAIT}. */
    static Duration backoff(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : doubled;
    }

    private void askWhileOpen() {
        Duration next = FIRST_WAIT;
        Duration wait = Duration.ZERO;
        try {
            while (!local.retired()) {
                if (!wait.isZero() && wakeUps.poll(wait.toMillis(), TimeUnit.MILLISECONDS) != null) {
                    wakeUps.clear();
                }
                if (epoch.openProposal().isEmpty()) {
                    next = FIRST_WAIT;
                    wait = LONGEST_WAIT;
                } else if (askPeersOnce()) {
                    next = FIRST_WAIT;
                    wait = LONGEST_WAIT;
                } else {
                    wait = next;
                    next = backoff(next);
                }
            }
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt(); // the context is closing
        }
    }

    /** {@link #askPeers}, a failure (e.g. the store closing under it) counting as "not yet". */
    private boolean askPeersOnce() {
        try {
            return askPeers();
        } catch (RuntimeException failed) {
            LOG.warn("asking the peers for the commit failed: {}", failed.toString());
            return false;
        }
    }

    /** Applies the first peer's commit of the open proposal that this node accepts; true when it committed. */
    boolean askPeers() {
        Optional<NodeEpoch.OpenProposal> open = epoch.openProposal();
        if (open.isEmpty()) {
            return false;
        }
        for (NodeEntry peer : peers(open.get().next()).values()) {
            EpochCommit committed = committedAt(peer);
            if (committed == null || committed.epoch() != open.get().next().epoch()
                    || !open.get().documentSha256().equalsIgnoreCase(String.valueOf(committed.documentSha256()))) {
                continue;
            }
            EpochAnswer answer = commit.commit(committed);
            if (answer.accepted()) {
                LOG.info("applied the commit of epoch {} shown by {} (this node missed it)", committed.epoch(), peer.id());
                return true;
            }
            LOG.warn("the commit of epoch {} shown by {} is refused here: {} ({})", committed.epoch(), peer.id(),
                    answer.reason(), answer.detail());
        }
        return false;
    }

    /** The other signing nodes of the running registry and of {@code next}, each once. */
    private Map<String, NodeEntry> peers(Registry next) {
        Map<String, NodeEntry> peers = new LinkedHashMap<>();
        for (Registry registry : new Registry[] {next, local.registry()}) {
            registry.nodesWithRole(Role.SIGNING_CLIENT).stream().filter(node -> !node.id().equals(local.id()))
                    .forEach(node -> peers.putIfAbsent(node.id(), node));
        }
        return peers;
    }

    private EpochCommit committedAt(NodeEntry peer) {
        try {
            SignedNodeClient.Answer answer = client.get(peer, "/v1/epoch");
            return answer.status() == 200 ? Json.read(answer.body(), NodeEpochState.class).committed() : null;
        } catch (IOException | JsonFormatException unreachable) {
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @PreDestroy
    @Override
    public void close() {
        Thread running = asking;
        if (running != null) {
            running.interrupt();
        }
    }
}
