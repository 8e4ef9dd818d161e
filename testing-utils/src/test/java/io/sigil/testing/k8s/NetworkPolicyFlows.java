package io.sigil.testing.k8s;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * Evaluates NetworkPolicies the way the API defines them, for pods of one namespace and for
 * clients anywhere: a connection is allowed when the source's egress and the destination's
 * ingress both allow it (a pod no policy selects for a direction is open in that direction).
 * Only label selectors with matchLabels are used by the manifests; anything else fails.
 */
final class NetworkPolicyFlows {
    private final List<NetworkPolicy> policies;

    NetworkPolicyFlows(List<NetworkPolicy> policies) {
        this.policies = policies;
    }

    /** Source and destination are described by their pod labels; {@code sameNamespace} tells where the source is. */
    boolean allows(Map<String, String> source, boolean sameNamespace, Map<String, String> destination, int port) {
        return egressAllows(source, sameNamespace, destination, port) && ingressAllows(source, sameNamespace, destination, port);
    }

    private boolean ingressAllows(Map<String, String> source, boolean sameNamespace, Map<String, String> destination, int port) {
        List<NetworkPolicy> selecting = policies.stream()
                .filter(policy -> hasType(policy, "Ingress") && matches(policy.getSpec().getPodSelector(), destination))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(policy -> policy.getSpec().getIngress() == null ? java.util.stream.Stream.empty()
                        : policy.getSpec().getIngress().stream())
                .anyMatch(rule -> portAllowed(rule.getPorts(), port) && peerAllowed(rule.getFrom(), source, sameNamespace));
    }

    private boolean egressAllows(Map<String, String> source, boolean sameNamespace, Map<String, String> destination, int port) {
        if (!sameNamespace) {
            return true; // the source's own namespace policies are not ours
        }
        List<NetworkPolicy> selecting = policies.stream()
                .filter(policy -> hasType(policy, "Egress") && matches(policy.getSpec().getPodSelector(), source))
                .toList();
        if (selecting.isEmpty()) {
            return true;
        }
        return selecting.stream().flatMap(policy -> policy.getSpec().getEgress() == null ? java.util.stream.Stream.empty()
                        : policy.getSpec().getEgress().stream())
                .anyMatch(rule -> portAllowed(rule.getPorts(), port) && peerAllowed(rule.getTo(), destination, true));
    }

    private static boolean hasType(NetworkPolicy policy, String type) {
        return policy.getSpec().getPolicyTypes().contains(type);
    }

    private static boolean portAllowed(List<NetworkPolicyPort> ports, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        return ports.stream().anyMatch(allowed -> allowed.getPort() != null && allowed.getPort().getIntVal() != null
                && allowed.getPort().getIntVal() == port && "TCP".equals(allowed.getProtocol()));
    }

    /** A peer without namespaceSelector means the policy's namespace; {@code namespaceSelector: {}} means any. */
    private static boolean peerAllowed(List<NetworkPolicyPeer> peers, Map<String, String> pod, boolean sameNamespace) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                throw new IllegalStateException("ipBlock peers are not modelled");
            }
            boolean namespaceMatches = peer.getNamespaceSelector() == null ? sameNamespace
                    : isEmpty(peer.getNamespaceSelector());
            if (peer.getNamespaceSelector() != null && !isEmpty(peer.getNamespaceSelector())) {
                continue; // a named namespace (kube-system for DNS): not one of the pods modelled here
            }
            if (namespaceMatches && (peer.getPodSelector() == null || matches(peer.getPodSelector(), pod))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmpty(LabelSelector selector) {
        return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            throw new IllegalStateException("matchExpressions are not modelled");
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
    }
}
