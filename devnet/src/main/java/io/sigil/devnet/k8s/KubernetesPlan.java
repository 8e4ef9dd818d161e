package io.sigil.devnet.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.sigil.registry.Role;

/**
 * The shape of a network on Kubernetes and the names that follow from it. Every signing node is
 * its own one-pod StatefulSet ({@code node-2b} → pod {@code node-2b-0}) because each node has its
 * own identity keys and store key in its own Secret, which a pod template shared by several
 * replicas could not select per pod without mounting its siblings' keys too. Adding a node is
 * therefore never {@code kubectl scale}: it needs new keys and a registry entry (and, for an
 * existing committee, the committee's shards), so it goes through the bootstrap.
 */
public record KubernetesPlan(int committees, int replicas, int threshold, int managers, String namespace,
                             String clusterDomain) {
    // Before BASE: the static initializer runs in order and BASE is validated.
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public static final int PORT = 8080;
    public static final String SIGNING_SERVICE = "sigil-signing";
    public static final String REGISTRY_CONFIG_MAP = "sigil-registry";
    /** The shape {@code k8s/base} is rendered for (the devnet's default). */
    public static final KubernetesPlan BASE = new KubernetesPlan(3, 2, 2, 1, "sigil", "cluster.local");

    public KubernetesPlan {
        if (committees < 2 || committees > 64) {
            throw new IllegalArgumentException("committees must be between 2 and 64 (got " + committees + ")");
        }
        if (replicas < 1 || replicas > 26) {
            throw new IllegalArgumentException("replicas must be between 1 and 26 (got " + replicas + ")");
        }
        if (threshold < 2 || threshold > committees) {
            throw new IllegalArgumentException("threshold must be between 2 and the number of committees ("
                    + committees + "), got " + threshold + " (t = 1 would give every committee the whole key)");
        }
        if (managers < 1 || managers > 16) {
            throw new IllegalArgumentException("managers must be between 1 and 16 (got " + managers + ")");
        }
        if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace must be a DNS label (lower case letters, digits, '-'), got '"
                    + namespace + "'");
        }
        if (clusterDomain == null || !DNS_NAME.matcher(clusterDomain).matches()) {
            throw new IllegalArgumentException("cluster domain must be a DNS name, got '" + clusterDomain + "'");
        }
    }

    /** Same shape in another namespace: the workloads do not depend on it, only the registry URLs. */
    public boolean sameShape(KubernetesPlan other) {
        return committees == other.committees && replicas == other.replicas && threshold == other.threshold
                && managers == other.managers;
    }

    public static String signingNodeId(int committee, int replica) {
        return "node-" + committee + (char) ('a' + replica);
    }

    public static String leaderId(int committee) {
        return "leader-" + committee;
    }

    public static String managerId(int manager) {
        return "manager-" + manager;
    }

    public static String secretName(String nodeId) {
        return "sigil-keys-" + nodeId;
    }

    public List<String> signingNodeIds(int committee) {
        List<String> ids = new ArrayList<>();
        for (int replica = 0; replica < replicas; replica++) {
            ids.add(signingNodeId(committee, replica));
        }
        return ids;
    }

    /**
     * Pods that must stay up so that at least {@code t} committees keep a live node whatever
     * pods an eviction takes: {@code t-1} committees hold at most {@code (t-1)·R} pods, so one
     * more pod than that is always in a t-th committee.
     */
    public int signingPodsMinAvailable() {
        return (threshold - 1) * replicas + 1;
    }

    /** The URL the registry pins: the pod's stable name under the headless Service, over TLS. */
    public String signingNodeUrl(String nodeId) {
        return "https://" + signingNodeHost(nodeId) + ":" + PORT;
    }

    /** Leaders and managers sit behind a Service named after the node. */
    public String serviceUrl(String nodeId) {
        return "https://" + serviceHost(nodeId) + ":" + PORT;
    }

    public String signingNodeHost(String nodeId) {
        return nodeId + "-0." + SIGNING_SERVICE + "." + namespace + ".svc." + clusterDomain;
    }

    public String serviceHost(String nodeId) {
        return nodeId + "." + namespace + ".svc." + clusterDomain;
    }

    /**
     * The DNS names a node's TLS certificate carries: the full name the registry pins and its
     * shorter in-cluster forms (resolvable through the pods' search domains), plus
     * {@code localhost} for {@code kubectl port-forward} and the container's own health probe.
     */
    public List<String> certificateNames(String fullName) {
        String suffix = ".svc." + clusterDomain;
        String service = fullName.substring(0, fullName.length() - suffix.length());
        String withoutNamespace = service.substring(0, service.length() - namespace.length() - 1);
        return List.of(fullName, service + ".svc", service, withoutNamespace, "localhost");
    }

    /** One node of the shape: its id, role, committee (null for a manager) and where the registry pins it. */
    public record PlannedNode(String id, Role role, Integer committee, String host, String url) {
        /** Signing nodes and managers keep a store (and get a store key); leaders do not. */
        public boolean hasStore() {
            return role != Role.COMMITTEE_LEADER;
        }
    }

    /** Every node of the shape in registry order: the signing nodes by committee, the leaders, the managers. */
    public List<PlannedNode> nodes() {
        List<PlannedNode> nodes = new ArrayList<>();
        for (int committee = 1; committee <= committees; committee++) {
            for (String nodeId : signingNodeIds(committee)) {
                nodes.add(new PlannedNode(nodeId, Role.SIGNING_CLIENT, committee, signingNodeHost(nodeId),
                        signingNodeUrl(nodeId)));
            }
        }
        for (int committee = 1; committee <= committees; committee++) {
            String leader = leaderId(committee);
            nodes.add(new PlannedNode(leader, Role.COMMITTEE_LEADER, committee, serviceHost(leader), serviceUrl(leader)));
        }
        for (int manager = 1; manager <= managers; manager++) {
            String managerId = managerId(manager);
            nodes.add(new PlannedNode(managerId, Role.COMMUNICATION_MANAGER, null, serviceHost(managerId),
                    serviceUrl(managerId)));
        }
        return nodes;
    }
}
