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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node that missed a commit (down while the manager sent it) learns it without anyone's
 * help (lifecycle §3.2: "from any peer's signed readies"): at start, when a proposal is open, it
 * asks the signing nodes of both epochs for their {@code GET /v1/epoch}; a peer that committed the
 * node's own open proposal shows that commit, and the node applies it through {@link NodeCommit},
 * which checks every ready itself, so a peer's word adds nothing but the message. Only at start:
 * a node that was up but cut off during the commit gets it from the operator's
 * {@code POST /v1/epoch/commit} on the manager (no background polling of every peer while a
 * change is open).
 */
@Singleton
final class CommitCatchUp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommitCatchUp.class);

    private final LocalNode local;
    private final NodeEpoch epoch;
    private final NodeCommit commit;
    private final SignedNodeClient client;
    private volatile Thread asking;

    CommitCatchUp(LocalNode local, NodeEpoch epoch, NodeCommit commit, SignedNodeClient client) {
        this.local = local;
        this.epoch = epoch;
        this.commit = commit;
        this.client = client;
    }

    @EventListener
    void onServerStarted(ServerStartupEvent started) {
        if (epoch.openProposal().isPresent() && !local.retired()) {
            asking = Thread.ofVirtual().name("epoch-commit-catch-up").start(this::askPeers);
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
