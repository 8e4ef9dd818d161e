package io.sigil.service.epoch;

import io.sigil.json.Json;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.ChainVerificationException;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.RegistryChain;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.WireFields;
import io.sigil.wire.epoch.EpochCommit;
import io.sigil.wire.epoch.NodeEpochState;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a service that holds no shard (a manager restarted after a commit, a committee leader)
 * learns a committed epoch from a node that runs it (docs/keygen.md §6.4 "The commit"): the
 * node's word is only the message. The chain it serves ({@code /v1/who_cl}) must verify from
 * genesis (every operator approval, {@link ChainVerifier}), extend this service's own chain and
 * end at the commit's epoch and document; the commit's readies must pass the rule every node
 * applies ({@link EpochCommit#verify}). Then {@link LocalNode#adopt} switches the service to it
 * (or retires it when the new registry leaves it out).
 */
@Singleton
public final class CommitAdoption {
    private static final Logger LOG = LoggerFactory.getLogger(CommitAdoption.class);

    private final LocalNode local;
    private final SignedNodeClient client;

    CommitAdoption(LocalNode local, SignedNodeClient client) {
        this.local = local;
        this.client = client;
    }

    /** Whether {@code state} (a node's {@code GET /v1/epoch}) shows a commit later than this service runs. */
    public boolean showsLaterCommit(NodeEpochState state) {
        return state != null && state.committed() != null && state.current() == state.committed().epoch()
                && state.current() > local.registry().epoch();
    }

    /**
     * Adopts the chain {@code node} runs when it ends at {@code commit} and both check out (above).
     *
     * @return the chain now run (empty when the node's word does not check out, naming why in the log)
     */
    public Optional<RegistryChain> adoptFrom(NodeEntry node, EpochCommit commit) {
        try {
            SignedNodeClient.Answer answer = client.get(node, "/v1/who_cl");
            RegistryChain chain = answer.status() == 200 ? Json.read(answer.body(), WhoClResponse.class).registryChain()
                    : null;
            if (chain == null || chain.epochs().isEmpty()) {
                return Optional.empty();
            }
            Registry next = ChainVerifier.verifyFromGenesis(chain).current();
            if (next.epoch() != commit.epoch() || !ChainVerifier.documentSha256(WireFields.base64("registry",
                    chain.epochs().getLast().registry(), Integer.MAX_VALUE)).equalsIgnoreCase(commit.documentSha256())) {
                LOG.warn("{} shows a commit of epoch {} that is not the end of the chain it serves", node.id(),
                        commit.epoch());
                return Optional.empty();
            }
            // a commit after an operator's deadline: the deadline's signer is an operator of the epoch before
            Registry previous = ChainVerifier.verifyFromGenesis(new RegistryChain(chain.genesis(),
                    chain.epochs().subList(0, chain.epochs().size() - 1))).current();
            commit.verify(previous, next, System.currentTimeMillis());
            synchronized (local) {
                if (local.registry().epoch() >= next.epoch()) {
                    return Optional.of(local.registryChain()); // learned meanwhile (another caller, the same commit)
                }
                local.adopt(chain);
            }
            LOG.info("epoch {} committed (learned from {}): this {} {}", next.epoch(), node.id(), local.service(),
                    local.retired() ? "is retired: the new registry leaves it out" : "runs it");
            return Optional.of(chain);
        } catch (IOException | ChainVerificationException | EpochCommit.RefusedException
                 | IllegalArgumentException unusable) { // IllegalArgumentException: unreadable JSON, a chain that does not extend ours
            LOG.warn("{} shows a commit of epoch {} this {} cannot adopt: {}", node.id(), commit.epoch(),
                    local.service(), unusable.toString());
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code node}'s {@code GET /v1/epoch}, or empty when it cannot be read. */
    public Optional<NodeEpochState> stateOf(NodeEntry node) {
        try {
            SignedNodeClient.Answer answer = client.get(node, "/v1/epoch");
            return answer.status() == 200 ? Optional.of(Json.read(answer.body(), NodeEpochState.class)) : Optional.empty();
        } catch (IOException | IllegalArgumentException unreadable) { // IllegalArgumentException: unreadable JSON
            return Optional.empty();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
