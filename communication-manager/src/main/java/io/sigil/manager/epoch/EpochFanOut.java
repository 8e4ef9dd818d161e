package io.sigil.manager.epoch;

import io.sigil.json.Json;
import io.sigil.json.JsonFormatException;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.service.auth.SignedNodeClient;
import io.sigil.wire.epoch.EpochAnswer;
import io.sigil.wire.epoch.NodeEpochState;
import io.sigil.wire.epoch.EpochStatus.NodeAnswer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends one epoch message to every signing node of the running registry and of the proposed one,
 * in parallel, signed for each (docs/keygen.md §3.2), and checks each answer: it must be that
 * node's signature over an answer naming the node, the action and the proposal. The manager
 * only carries the message and reports what each node said; it decides nothing for them.
 */
final class EpochFanOut {
    private final SignedNodeClient client;

    EpochFanOut(SignedNodeClient client) {
        this.client = client;
    }

    /** The signing nodes of {@code current} and of {@code next} (when known), each once, by id; an entry of the running registry wins. */
    static Map<String, NodeEntry> targets(Registry current, Registry next) {
        Map<String, NodeEntry> targets = new LinkedHashMap<>();
        for (Registry registry : next == null ? List.of(current) : List.of(current, next)) {
            registry.nodes().stream().filter(node -> node.hasRole(Role.SIGNING_CLIENT))
                    .forEach(node -> targets.putIfAbsent(node.id(), node));
        }
        return targets;
    }

    /** Posts {@code body} to {@code path} on every target; one {@link NodeAnswer} per target, in target order. */
    List<NodeAnswer> send(Map<String, NodeEntry> targets, String path, Object body, String action, long proposedEpoch,
                          String documentSha256) {
        byte[] bytes = Json.writeBytes(body);
        List<Future<NodeAnswer>> pending;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            pending = targets.values().stream()
                    .map(node -> executor.submit(() -> ask(node, path, bytes, action, proposedEpoch, documentSha256)))
                    .toList();
        }
        // closing the executor waited for every call; each ask catches its own failures
        return pending.stream().map(Future::resultNow).toList();
    }

    /** Each target's {@code GET /v1/epoch}, in parallel; a node that does not answer with one is left out. */
    List<NodeEpochState> states(Map<String, NodeEntry> targets) {
        List<Future<NodeEpochState>> pending;
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            pending = targets.values().stream().map(node -> executor.submit(() -> state(node))).toList();
        }
        return pending.stream().map(Future::resultNow).filter(java.util.Objects::nonNull).toList();
    }

    private NodeEpochState state(NodeEntry node) {
        try {
            SignedNodeClient.Answer answer = client.get(node, "/v1/epoch");
            return answer.status() == 200 ? Json.read(answer.body(), NodeEpochState.class) : null;
        } catch (IOException | JsonFormatException unreadable) {
            return null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private NodeAnswer ask(NodeEntry node, String path, byte[] body, String action, long proposedEpoch,
                           String documentSha256) {
        SignedNodeClient.Answer answer;
        try {
            answer = client.post(node, path, body);
        } catch (IOException unreachable) {
            return new NodeAnswer(node.id(), NodeAnswer.UNREACHABLE, null, SignedNodeClient.oversized(node.id(), unreachable)
                    .orElse("node " + node.id() + " did not answer: " + unreachable.getClass().getSimpleName()), null);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new NodeAnswer(node.id(), NodeAnswer.UNREACHABLE, null, "interrupted", null);
        }
        EpochAnswer signed;
        try {
            signed = Json.read(answer.body(), EpochAnswer.class);
        } catch (JsonFormatException notAnAnswer) {
            String detail = answer.problem().map(problem -> problem.status() + " " + problem.detail())
                    .orElse("HTTP " + answer.status() + " without a signed answer");
            return new NodeAnswer(node.id(), NodeAnswer.INVALID_ANSWER, null, detail, null);
        }
        String problem = mismatch(node, signed, action, proposedEpoch, documentSha256);
        if (problem != null) {
            return new NodeAnswer(node.id(), NodeAnswer.INVALID_ANSWER, signed.reason(), problem, signed);
        }
        return new NodeAnswer(node.id(), signed.accepted() ? NodeAnswer.ACCEPTED : NodeAnswer.REFUSED, signed.reason(),
                signed.detail(), signed);
    }

    private static String mismatch(NodeEntry node, EpochAnswer signed, String action, long proposedEpoch,
                                   String documentSha256) {
        if (signed == null || !node.id().equals(signed.node()) || !action.equals(signed.action())) {
            return "the answer names another node or action";
        }
        if (!signed.verifiesUnder(node.identityKey())) {
            return "the answer is not signed by " + node.id();
        }
        // a refusal of a malformed proposal may name what the node read; an acceptance must name exactly this one
        if (signed.accepted() && (signed.proposed() != proposedEpoch
                || !documentSha256.equalsIgnoreCase(String.valueOf(signed.documentSha256())))) {
            return "the node accepted another proposal (epoch " + signed.proposed() + ", " + signed.documentSha256() + ")";
        }
        return null;
    }
}
