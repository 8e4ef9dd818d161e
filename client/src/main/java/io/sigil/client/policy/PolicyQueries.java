package io.sigil.client.policy;

import io.sigil.client.SigilApiException;
import io.sigil.client.SigilHttp;
import io.sigil.wire.NodeView;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.wire.WhoClResponse;
import io.sigil.wire.policy.PolicyView;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the policy of a key from every node ({@code GET /v1/policy/{userId}/{keyId}}): each node
 * enforces its own copy, so the answer is per node, and nodes that differ are visible.
 */
public final class PolicyQueries {
    private final SigilHttp http;

    public PolicyQueries(SigilHttp http) {
        this.http = http;
    }

    /** One node's answer: its view (empty when it holds no policy for the key), or why it gave none. */
    public record NodePolicy(String nodeId, Optional<PolicyView> view, String error) {
    }

    public List<NodePolicy> read(TrustedNetwork network, String userId, String keyId) {
        List<NodePolicy> answers = new ArrayList<>();
        String path = "/v1/policy/" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "/"
                + URLEncoder.encode(keyId, StandardCharsets.UTF_8);
        for (WhoClResponse.CommitteeView committee : network.committees()) {
            for (NodeView node : committee.nodes()) {
                try {
                    PolicyView view = http.get(URI.create(node.url()).resolve(path), PolicyView.class);
                    answers.add(new NodePolicy(node.id(), Optional.of(view), null));
                } catch (SigilApiException failed) {
                    answers.add(failed.status() == 404 ? new NodePolicy(node.id(), Optional.empty(), null)
                            : new NodePolicy(node.id(), Optional.empty(), failed.getMessage()));
                }
            }
        }
        return answers;
    }

    /** The highest version any node holds (in force or pending); 0 when none holds one. */
    public static long highestVersion(List<NodePolicy> answers) {
        long highest = 0;
        for (NodePolicy answer : answers) {
            if (answer.view().isPresent()) {
                PolicyView view = answer.view().get();
                highest = Math.max(highest, view.current() == null ? 0 : view.current().version());
                highest = Math.max(highest, view.pending() == null ? 0 : view.pending().version());
            }
        }
        return highest;
    }

    /** Node ids by the (current version, pending version) they report, to show agreement at a glance. */
    public static Map<String, List<String>> byVersion(List<NodePolicy> answers) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (NodePolicy answer : answers) {
            String label = answer.error() != null ? "unreachable" : answer.view().map(view ->
                    "v" + (view.current() == null ? "-" : view.current().version())
                            + (view.pending() == null ? "" : " (v" + view.pending().version() + " pending)"))
                    .orElse("no policy");
            grouped.computeIfAbsent(label, ignored -> new ArrayList<>()).add(answer.nodeId());
        }
        return grouped;
    }
}
