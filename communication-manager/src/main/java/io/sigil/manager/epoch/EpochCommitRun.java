package io.sigil.manager.epoch;

import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.RegistryChain;
import io.sigil.service.epoch.CommitAdoption;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.epoch.EpochAnswer;
import io.sigil.wire.epoch.EpochCommit;
import io.sigil.wire.epoch.EpochStatus.NodeAnswer;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's commit of an epoch change (docs/keygen.md §3.2 step 4): it checks the readies it
 * carries with the nodes' own rule ({@link EpochCommit#verify}: every signing node of {@code e+1},
 * or after an operator's deadline one per committee; one K and K'), sends {@code commit} to every signing node of {@code e} and {@code e+1}, and, once
 * some node has committed, runs registry {@code e+1} itself (signing parties are then picked from
 * it). The same commit can be sent again ({@link #resend}): a node that missed it (down) applies it
 * then, one that applied it answers {@code already-committed}.
 */
final class EpochCommitRun {
    private static final Logger LOG = LoggerFactory.getLogger(EpochCommitRun.class);

    private final LocalNode local;
    private final EpochFanOut fanOut;
    private final CommitAdoption adoption;

    EpochCommitRun(LocalNode local, EpochFanOut fanOut, CommitAdoption adoption) {
        this.local = local;
        this.fanOut = fanOut;
        this.adoption = adoption;
    }

    /** A commit as sent: the message, the nodes it goes to (both epochs), the chain it ends and every node's answer. */
    record Sent(EpochCommit message, Map<String, NodeEntry> targets, RegistryChain chain, List<NodeAnswer> answers) {
        boolean anyCommitted() {
            return answers.stream().anyMatch(answer -> NodeAnswer.ACCEPTED.equals(answer.outcome()));
        }

        List<String> missing() {
            return answers.stream().filter(answer -> !NodeAnswer.ACCEPTED.equals(answer.outcome()))
                    .map(NodeAnswer::node).toList();
        }
    }

    /**
     * Verifies and sends the commit of {@code next}; switches this manager to it when a node committed.
     *
     * @throws EpochCommit.RefusedException when the readies would not convince a node (nothing is sent)
     */
    Sent commit(Registry current, Registry next, byte[] registryBytes, io.sigil.registry.governance.Approval approval,
                String documentSha256, List<io.sigil.wire.reshare.SignedReady> readies,
                io.sigil.registry.governance.EpochDeadline deadline, long nowMillis)
            throws EpochCommit.RefusedException {
        EpochCommit message = new EpochCommit(current.networkId(), next.epoch(), documentSha256, readies, deadline);
        message.verify(current, next, nowMillis);
        Sent sent = send(message, EpochFanOut.targets(current, next), local.registryChain().then(registryBytes, approval));
        if (sent.anyCommitted() && local.registry().epoch() < next.epoch()) {
            local.adopt(sent.chain());
            LOG.info("epoch {} committed: this manager runs it; not yet committed on {}", next.epoch(), sent.missing());
        } else if (!sent.anyCommitted()) {
            LOG.warn("no node committed epoch {}: {}", next.epoch(), sent.answers());
        }
        return sent;
    }

    /** Sends {@code earlier}'s message again to the same nodes (idempotent on every node). */
    Sent resend(Sent earlier) {
        Sent sent = send(earlier.message(), earlier.targets(), earlier.chain());
        if (sent.anyCommitted() && local.registry().epoch() < earlier.message().epoch()) {
            local.adopt(sent.chain());
        }
        return sent;
    }

    /**
     * After a restart: adopts the chain {@code node} runs when it ends at {@code commit}'s epoch and
     * the commit's readies verify against that registry ({@link CommitAdoption}); the commit can then
     * be sent again to every node of both epochs. Empty when the node's word does not check out.
     */
    Optional<Sent> recover(NodeEntry node, EpochCommit commit) {
        Registry before = local.registry();
        return adoption.adoptFrom(node, commit).map(chain -> {
            Registry next = local.registry();
            return new Sent(commit, EpochFanOut.targets(before, next), chain, List.of());
        });
    }

    private Sent send(EpochCommit message, Map<String, NodeEntry> targets, RegistryChain chain) {
        List<NodeAnswer> answers = fanOut.send(targets, "/v1/epoch/commit", message, EpochAnswer.COMMIT, message.epoch(),
                message.documentSha256());
        return new Sent(message, targets, chain, answers);
    }
}
