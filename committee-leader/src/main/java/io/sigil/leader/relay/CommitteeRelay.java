package io.sigil.leader.relay;

import io.sigil.registry.Committee;
import io.sigil.registry.NodeEntry;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.Problem;
import io.sigil.wire.user.NodeFailure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Sends one request to every signing node of this leader's committee at once (virtual threads),
 * signed with the leader's identity, and sorts the answers into successes and per-node failures.
 * The leader never interprets what it relays beyond that: nodes check everything themselves.
 */
@Singleton
public final class CommitteeRelay {
    private final LocalNode local;
    private final SignedNodeClient client;

    CommitteeRelay(LocalNode local, SignedNodeClient client) {
        this.local = local;
        this.client = client;
    }

    /** One node's answer: its body when it succeeded, otherwise why not. */
    public record NodeAnswer(NodeEntry node, byte[] body, NodeFailure failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }

    public Committee committee() {
        int index = local.entry().committee().orElseThrow(() ->
                new IllegalStateException("leader " + local.id() + " has no committee in the registry"));
        return local.registry().committee(index).orElseThrow();
    }

    /** POSTs {@code bodyFor(node)} to {@code path} on every node of the committee; answers in registry order. */
    public List<NodeAnswer> relay(String path, Function<NodeEntry, byte[]> bodyFor) {
        List<NodeEntry> nodes = committee().signingNodes();
        List<Future<NodeAnswer>> pending = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (NodeEntry node : nodes) {
                pending.add(executor.submit(() -> send(node, path, bodyFor.apply(node))));
            }
            List<NodeAnswer> answers = new ArrayList<>();
            for (Future<NodeAnswer> future : pending) {
                answers.add(future.get());
            }
            return answers;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while relaying to committee " + committee().index());
        } catch (ExecutionException impossible) {
            throw new IllegalStateException("relay task failed", impossible.getCause());
        }
    }

    private NodeAnswer send(NodeEntry node, String path, byte[] body) {
        try {
            SignedNodeClient.Answer answer = client.post(node, path, body);
            if (answer.isSuccess()) {
                return new NodeAnswer(node, answer.body(), null);
            }
            return new NodeAnswer(node, null, failureFrom(node, answer));
        } catch (IOException unreachable) {
            Optional<String> oversized = SignedNodeClient.oversized(node.id(), unreachable);
            if (oversized.isPresent()) {
                return new NodeAnswer(node, null, new NodeFailure(node.id(), 502, Problem.TYPE_PREFIX + "bad-ack",
                        oversized.get()));
            }
            return new NodeAnswer(node, null, new NodeFailure(node.id(), NodeFailure.UNREACHABLE,
                    Problem.TYPE_PREFIX + "unreachable", "node " + node.id() + " could not be reached: "
                    + describe(unreachable)));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new NodeAnswer(node, null, new NodeFailure(node.id(), NodeFailure.UNREACHABLE,
                    Problem.TYPE_PREFIX + "unreachable", "interrupted"));
        }
    }

    private static NodeFailure failureFrom(NodeEntry node, SignedNodeClient.Answer answer) {
        return answer.problem()
                .map(problem -> new NodeFailure(node.id(), answer.status(), problem.type(), problem.detail()))
                .orElseGet(() -> new NodeFailure(node.id(), answer.status(), Problem.TYPE_PREFIX + "bad-gateway",
                        "node " + node.id() + " answered " + answer.status() + " without a problem body"));
    }

    private static String describe(IOException failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
