package io.sigil.testing.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.sigil.devnet.cli.SigilMain;
import io.sigil.devnet.k8s.KubernetesPlan;
import io.sigil.devnet.k8s.NetworkManifests;
import io.sigil.identity.NodeIdentity;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import picocli.CommandLine;

/**
 * Runs {@code sigil k8s bootstrap}, builds the kustomization it writes (through k8s/overlays/dev
 * and k8s/base) and checks the invariants of docs/deploy.md on every object, parsed with fabric8's
 * Kubernetes model. No cluster and no kubectl: a cluster would add scheduling, not more checks.
 */
class KubernetesManifestsTest {
    private static final Path ROOT = repositoryRoot();
    private static final Path K8S = ROOT.resolve("k8s");

    @TempDir
    Path temporary;

    private X509Certificate networkCa;

    @Test
    void theDefaultShapeBuildsThroughTheDevOverlayAndKeepsEveryInvariant() throws Exception {
        Path out = temporary.resolve("bootstrap");
        String printed = bootstrap(out, "--namespace", "sigil-test");
        assertTrue(printed.contains("10 Secret manifests"), printed);
        assertTrue(Files.readString(out.resolve("kustomization.yaml")).contains("/overlays/dev"), "ties the dev overlay");
        checkNetwork(out, "sigil-test", 3, 2, 2, 1);
    }

    @Test
    void anotherShapeRendersItsOwnWorkloadsAndKeepsEveryInvariant() throws Exception {
        Path out = temporary.resolve("bootstrap");
        bootstrap(out, "--committees", "4", "--replicas", "1", "--threshold", "3", "--managers", "2", "--namespace", "vault");
        assertTrue(Files.isRegularFile(out.resolve("network/signing-nodes.yaml")));
        checkNetwork(out, "vault", 4, 1, 3, 2);
    }

    /**
     * Growing 3 x 2 to 4 x 2 (docs/deploy.md "Scaling and refreshing"): the running network's objects,
     * plus {@code k8s render --joining} for committee 4's nodes, their Secrets (here from a 4 x 2
     * bootstrap) and the proposed-registry ConfigMap. Every invariant still holds, and exactly the
     * joining workloads read the proposed registry and approval from that ConfigMap, read-only.
     */
    @Test
    void aGrownShapeStartsOnlyItsNewNodesJoiningFromTheProposedRegistry() throws Exception {
        Path running = temporary.resolve("bootstrap");
        bootstrap(running, "--namespace", "sigil");
        Path grownKeys = temporary.resolve("grown-keys");
        bootstrap(grownKeys, "--committees", "4", "--replicas", "2", "--threshold", "3", "--namespace", "sigil");
        Path rendered = temporary.resolve("joining");
        CommandLine render = SigilMain.commandLine();
        StringWriter errors = new StringWriter();
        render.setOut(new PrintWriter(new StringWriter()));
        render.setErr(new PrintWriter(errors));
        assertEquals(0, render.execute("k8s", "render", "--committees", "4", "--replicas", "2", "--threshold", "3",
                "--joining", "node-4a,node-4b,leader-4", "--out", rendered.toString()), errors.toString());
        CommandLine manager = SigilMain.commandLine();
        manager.setErr(new PrintWriter(new StringWriter()));
        assertNotEquals(0, manager.execute("k8s", "render", "--joining", "manager-1", "--out", rendered.toString()),
                "managers never join");

        List<HasMetadata> joining = new ArrayList<>(KustomizationResolver.parseFile(rendered.resolve(NetworkManifests.JOINING_FILE)));
        for (String node : List.of("node-4a", "node-4b", "leader-4")) {
            joining.addAll(KustomizationResolver.parseFile(grownKeys.resolve("secrets").resolve(node + ".yaml")));
        }
        joining.add(new ConfigMapBuilder().withNewMetadata().withName("sigil-proposed-registry").endMetadata()
                .addToData("registry.json", "{}").addToData("approval.json", "{}").build());
        joining.forEach(object -> object.getMetadata().setNamespace("sigil"));
        List<HasMetadata> objects = new ArrayList<>(KustomizationResolver.build(running));
        objects.addAll(joining);

        ManifestInvariants.containersAreLockedDown(objects);
        ManifestInvariants.referencedObjectsExist(objects);
        ManifestInvariants.configuredFilesAreMounted(objects);
        ManifestInvariants.servicesAndPortsAgree(objects, configuredPort());
        Set<String> readingTheProposal = new HashSet<>();
        for (HasMetadata workload : ManifestInvariants.workloads(objects)) {
            String registry = ManifestInvariants.env(KustomizationResolver.containers(workload).getFirst(), "SIGIL_PROPOSED_REGISTRY");
            if (registry != null) {
                readingTheProposal.add(workload.getKind() + "/" + workload.getMetadata().getName());
                assertEquals("/etc/sigil/proposed/registry.json", registry);
            }
        }
        assertEquals(Set.of("StatefulSet/node-4a", "StatefulSet/node-4b", "Deployment/leader-4"), readingTheProposal);
        assertTrue(ManifestInvariants.named(objects, Service.class, "leader-4").isPresent(), "the new leader's Service");
    }

    @Test
    void theCommittedBaseIsWhatTheRendererWritesForTheDefaultShape() throws IOException {
        for (Map.Entry<String, String> file : NetworkManifests.render(KubernetesPlan.BASE).entrySet()) {
            assertEquals(file.getValue(), Files.readString(K8S.resolve("base").resolve(file.getKey())),
                    "k8s/base/" + file.getKey() + " is stale: run `./sigil k8s render --out k8s/base`");
        }
    }

    @Test
    void theCommittedManifestsHoldNoSecretsAndParse() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            String text = Files.readString(file);
            for (String marker : List.of("primaryKeyId", "keyMaterialType", "kind: Secret", "stringData", "PRIVATE KEY")) {
                assertFalse(text.contains(marker), file + " holds secret material (" + marker + ")");
            }
            if (file.toString().endsWith(".yaml") && !file.getFileName().toString().equals("kustomization.yaml")) {
                assertFalse(KustomizationResolver.parseFile(file).isEmpty(), file + " parses");
            }
        }
        assertFalse(KustomizationResolver.build(K8S.resolve("overlays/dev")).stream().anyMatch(Secret.class::isInstance));
    }

    @Test
    void secretsAreOwnerOnlyAndABootstrapIsNotOverwrittenByAccident() throws Exception {
        Path out = temporary.resolve("bootstrap");
        bootstrap(out, "--namespace", "sigil");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("secrets"))));
        try (Stream<Path> secrets = Files.list(out.resolve("secrets"))) {
            for (Path secret : secrets.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), secret.toString());
            }
        }
        assertTrue(Files.readString(out.resolve(".gitignore")).contains("secrets/"));
        String before = Files.readString(out.resolve("registry.json"));
        CommandLine again = SigilMain.commandLine();
        again.setErr(new PrintWriter(new StringWriter()));
        assertNotEquals(0, again.execute("k8s", "bootstrap", "--out", out.toString(), "--manifests", K8S.toString()));
        assertEquals(before, Files.readString(out.resolve("registry.json")), "a refused bootstrap leaves the keys alone");
        CommandLine refused = SigilMain.commandLine();
        refused.setErr(new PrintWriter(new StringWriter()));
        assertNotEquals(0, refused.execute("k8s", "bootstrap", "--threshold", "1", "--out", temporary.resolve("t1").toString(),
                "--manifests", K8S.toString()), "t = 1 is refused");
        CommandLine inside = SigilMain.commandLine();
        inside.setErr(new PrintWriter(new StringWriter()));
        Path insideManifests = temporary.resolve("copy-of-k8s");
        Files.createDirectories(insideManifests.resolve("base"));
        Files.copy(K8S.resolve("base/kustomization.yaml"), insideManifests.resolve("base/kustomization.yaml"));
        assertNotEquals(0, inside.execute("k8s", "bootstrap", "--out", insideManifests.resolve("keys").toString(),
                "--manifests", insideManifests.toString()), "private keys are never written under the manifests");
        assertFalse(Files.exists(insideManifests.resolve("keys")));
    }

    private void checkNetwork(Path out, String namespace, int committees, int replicas, int threshold, int managers)
            throws Exception {
        List<HasMetadata> objects = KustomizationResolver.build(out);
        Registry registry = Registry.load(out.resolve("registry.json"));
        assertEquals(threshold, registry.threshold());
        assertEquals(committees * replicas + committees + managers, registry.nodes().size());

        ManifestInvariants.containersAreLockedDown(objects);
        List<String> referenced = ManifestInvariants.referencedObjectsExist(objects);
        Set<String> bootstrapped = new HashSet<>();
        try (Stream<Path> secrets = Files.list(out.resolve("secrets"))) {
            for (Path file : secrets.toList()) {
                KustomizationResolver.parseFile(file).forEach(secret -> bootstrapped.add(secret.getMetadata().getName()));
            }
        }
        assertEquals(bootstrapped, new HashSet<>(referenced), "every Secret a pod uses comes from the bootstrap, and no other");
        ManifestInvariants.configuredFilesAreMounted(objects);
        ManifestInvariants.servicesAndPortsAgree(objects, configuredPort());

        for (HasMetadata object : objects) {
            if (!(object instanceof Namespace)) {
                assertEquals(namespace, object.getMetadata().getNamespace(), object.getKind() + " " + object.getMetadata().getName());
            }
        }
        assertEquals(Files.readString(out.resolve("registry.json")).strip(),
                ManifestInvariants.named(objects, ConfigMap.class, KubernetesPlan.REGISTRY_CONFIG_MAP).orElseThrow()
                        .getData().get("registry.json").strip(), "the ConfigMap is the registry");
        networkCa = NodeCertificates.caOf(out.resolve("ca.pem"));
        for (NodeEntry node : registry.nodes()) {
            assertEquals("https", node.url().getScheme(), node.id() + " is pinned at an https URL: TLS is on");
            nodeIsDeployedAsPinned(objects, namespace, node);
        }
        disruptionBudgetKeepsThresholdCommittees(objects, threshold);
        networkPoliciesAllowOnlyTheDesignedTraffic(objects);
    }

    /** The node's workload, its URL's DNS name and its Secret's keys all agree with its registry entry. */
    private void nodeIsDeployedAsPinned(List<HasMetadata> objects, String namespace, NodeEntry node) throws Exception {
        HasMetadata workload = ManifestInvariants.workloads(objects).stream()
                .filter(candidate -> node.id().equals(ManifestInvariants.env(KustomizationResolver.containers(candidate).getFirst(),
                        "SIGIL_NODE_ID")))
                .reduce((first, second) -> {
                    throw new AssertionError("two workloads run " + node.id());
                })
                .orElseThrow(() -> new AssertionError("no workload runs " + node.id()));
        Role role = node.roles().iterator().next();
        assertEquals(role.wireName(), ManifestInvariants.podLabels(workload).get("app.kubernetes.io/component"));
        assertEquals("sigil/" + role.wireName() + ":0.1.0-SNAPSHOT", KustomizationResolver.containers(workload).getFirst().getImage());
        assertEquals(KubernetesPlan.PORT, node.url().getPort());
        String host = node.url().getHost();
        if (workload instanceof StatefulSet set) {
            assertEquals(1, set.getSpec().getReplicas(), "one pod per node identity");
            assertEquals(set.getMetadata().getName() + "-0." + set.getSpec().getServiceName() + "." + namespace
                    + ".svc.cluster.local", host, node.id() + " is pinned at its pod's stable name");
        } else {
            assertTrue(host.endsWith("." + namespace + ".svc.cluster.local"), host);
            String serviceName = host.substring(0, host.indexOf('.'));
            Service service = ManifestInvariants.named(objects, Service.class, serviceName)
                    .orElseThrow(() -> new AssertionError(node.id() + " is pinned at a Service that does not exist: " + host));
            assertTrue(NetworkPolicyFlows.matches(new LabelSelector(null, service.getSpec().getSelector()),
                    ManifestInvariants.podLabels(workload)), "Service " + serviceName + " reaches " + node.id());
        }
        String secretName = KustomizationResolver.podSpec(workload).getVolumes().stream()
                .filter(volume -> volume.getSecret() != null).map(volume -> volume.getSecret().getSecretName())
                .findFirst().orElseThrow();
        Secret secret = ManifestInvariants.named(objects, Secret.class, secretName).orElseThrow();
        Path keys = Files.createTempDirectory(temporary, node.id());
        for (String file : List.of(NodeIdentity.SIGNING_FILE, NodeIdentity.ENCRYPTION_FILE)) {
            Files.write(keys.resolve(file), Base64.getDecoder().decode(secret.getData().get(file)));
        }
        NodeIdentity identity = NodeIdentity.load(keys);
        assertEquals(node.identityKey(), identity.identityKey(), node.id() + ": its Secret holds the identity the registry pins");
        assertEquals(node.encryptionKey(), identity.encryptionKey(), node.id() + ": its Secret holds the HPKE key the registry pins");
        assertEquals(role != Role.COMMITTEE_LEADER, secret.getData().containsKey("store-kek.json"),
                node.id() + ": nodes with a store get a store key, leaders none");
        NodeCertificates.checkServesItsRegistryUrl(node, secret.getData(), networkCa);
    }

    /**
     * Whatever set of signing pods an eviction may take within the budget, at least t committees
     * keep a pod: the worst case empties the smallest committees first.
     */
    private static void disruptionBudgetKeepsThresholdCommittees(List<HasMetadata> objects, int threshold) {
        List<PodDisruptionBudget> budgets = ManifestInvariants.all(objects, PodDisruptionBudget.class);
        assertEquals(1, budgets.size());
        PodDisruptionBudget budget = budgets.getFirst();
        Map<String, Integer> podsPerCommittee = new TreeMap<>();
        for (StatefulSet set : ManifestInvariants.all(objects, StatefulSet.class)) {
            Map<String, String> labels = ManifestInvariants.podLabels(set);
            if (NetworkPolicyFlows.matches(budget.getSpec().getSelector(), labels)) {
                podsPerCommittee.merge(labels.get("sigil.io/committee"), set.getSpec().getReplicas(), Integer::sum);
            }
        }
        int total = podsPerCommittee.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(ManifestInvariants.all(objects, StatefulSet.class).size(), total, "the budget covers every signing pod");
        int evictable = total - budget.getSpec().getMinAvailable().getIntVal();
        assertTrue(evictable >= 1, "the budget still lets a drain make progress");
        List<Integer> sizes = new ArrayList<>(podsPerCommittee.values());
        sizes.sort(Integer::compare);
        int emptied = 0;
        for (int size : sizes) {
            if (evictable < size) {
                break;
            }
            evictable -= size;
            emptied++;
        }
        assertTrue(podsPerCommittee.size() - emptied >= threshold, "the budget keeps " + threshold + " committees up");
        assertEquals(podsPerCommittee.size() - threshold, emptied, "and is no stricter than that (n-t committees may go)");
    }

    private static void networkPoliciesAllowOnlyTheDesignedTraffic(List<HasMetadata> objects) {
        NetworkPolicyFlows flows = new NetworkPolicyFlows(ManifestInvariants.all(objects, NetworkPolicy.class));
        Map<String, String> node = pod("signing-client");
        Map<String, String> leader = pod("committee-leader");
        Map<String, String> manager = pod("communication-manager");
        Map<String, String> user = Map.of("sigil.io/client", "true");
        Map<String, String> prometheus = Map.of("app.kubernetes.io/name", "prometheus");
        Map<String, String> stranger = Map.of("app", "something-else");
        int port = KubernetesPlan.PORT;
        for (String role : List.of("signing-client", "committee-leader", "communication-manager")) {
            assertTrue(ManifestInvariants.all(objects, NetworkPolicy.class).stream()
                    .anyMatch(policy -> NetworkPolicyFlows.matches(policy.getSpec().getPodSelector(), pod(role))
                            && policy.getSpec().getPodSelector().getMatchLabels().containsKey("app.kubernetes.io/component")),
                    "a NetworkPolicy for " + role);
            assertTrue(flows.allows(user, false, pod(role), port), "users reach " + role);
            assertTrue(flows.allows(prometheus, false, pod(role), port), "Prometheus scrapes " + role);
            assertFalse(flows.allows(stranger, false, pod(role), port), "unlabelled pods do not reach " + role);
            assertFalse(flows.allows(stranger, true, pod(role), port), "unlabelled pods beside it do not reach " + role);
            assertFalse(flows.allows(user, false, pod(role), 9090), "only the service port of " + role + " is open");
        }
        assertTrue(flows.allows(node, true, node, port), "signing nodes reach each other (transport, pairing)");
        assertTrue(flows.allows(leader, true, node, port), "leaders relay new_user to signing nodes");
        assertTrue(flows.allows(manager, true, node, port), "managers send new_party to signing nodes");
        assertTrue(flows.allows(node, true, manager, port), "signing nodes report to managers");
        assertFalse(flows.allows(node, true, leader, port), "signing nodes never call leaders");
        assertFalse(flows.allows(leader, true, manager, port), "leaders never call managers");
        assertFalse(flows.allows(manager, true, leader, port), "managers never call leaders");
        assertFalse(flows.allows(leader, true, leader, port), "leaders never call each other");
        assertFalse(flows.allows(manager, true, manager, port), "managers never call each other");
        assertFalse(flows.allows(node, true, stranger, port), "signing nodes reach nothing else");
    }

    private static Map<String, String> pod(String role) {
        return Map.of("app.kubernetes.io/part-of", "sigil", "app.kubernetes.io/name", "sigil",
                "app.kubernetes.io/component", role);
    }

    /** micronaut.server.port in service-support's application.yml: SIGIL_PORT's property and its default. */
    private static int configuredPort() throws IOException {
        String configuration = Files.readString(ROOT.resolve("service-support/src/main/resources/application.yml"));
        Matcher port = Pattern.compile("(?m)^\\s+port: \\$\\{sigil\\.port:(\\d+)}\\s*$").matcher(configuration);
        assertTrue(port.find(), "micronaut.server.port comes from sigil.port (SIGIL_PORT)");
        return Integer.parseInt(port.group(1));
    }

    private String bootstrap(Path out, String... options) {
        List<String> arguments = new ArrayList<>(List.of("k8s", "bootstrap", "--out", out.toString(), "--manifests", K8S.toString()));
        arguments.addAll(List.of(options));
        CommandLine commandLine = SigilMain.commandLine();
        StringWriter printed = new StringWriter();
        StringWriter errors = new StringWriter();
        commandLine.setOut(new PrintWriter(printed));
        commandLine.setErr(new PrintWriter(errors));
        assertEquals(0, commandLine.execute(arguments.toArray(String[]::new)), errors.toString());
        return printed.toString();
    }

    private static Path repositoryRoot() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("k8s/base/kustomization.yaml"))) {
                return directory;
            }
        }
        throw new IllegalStateException("no k8s/base/kustomization.yaml above " + Path.of("").toAbsolutePath());
    }
}
