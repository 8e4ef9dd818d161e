package io.sigil.testing.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.sigil.devnet.cli.SigilMain;
import io.sigil.devnet.k8s.NetworkManifests;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.tls.CertificateAuthority;
import picocli.CommandLine;

/**
 * Growing a bootstrapped network (docs/deploy.md "Scaling and refreshing"): {@code sigil k8s
 * bootstrap --keep-ca-key DIR} keeps the CA's private key owner-only in DIR only, and {@code sigil
 * k8s grow} (3 × 1, t = 2 → 4 × 1, t = 3) writes the next registry (every running entry unchanged,
 * node-4a and leader-4 new, epoch 2), exactly the new nodes' Secrets, whose certificates chain to
 * the network's CA and name their registry URL's host, and {@code joining.yaml} in which exactly
 * those nodes read the proposed registry. No file either command writes holds the CA's private
 * key; a CA key kept inside the output, a key that is not the CA's, and a second grow into the same
 * directory are refused.
 */
class KubernetesGrowthTest {
    private static final Path K8S = repositoryK8s();

    @TempDir
    Path temporary;

    @Test
    void growCertifiesOnlyTheNewNodesFromAKeptCaKeyThatNoManifestHolds() throws Exception {
        Path running = temporary.resolve("bootstrap");
        Path vault = temporary.resolve("ca-vault");
        assertEquals(0, sigil("k8s", "bootstrap", "--out", running.toString(), "--manifests", K8S.toString(),
                "--committees", "3", "--replicas", "1", "--namespace", "sigil", "--keep-ca-key", vault.toString()));
        Path caKey = vault.resolve("ca-key.pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(caKey)));
        Path grown = temporary.resolve("grow");

        assertEquals(0, sigil("k8s", "grow", "--committees", "4", "--replicas", "1", "--threshold", "3",
                "--registry", running.resolve("registry.json").toString(), "--ca", running.resolve("ca.pem").toString(),
                "--ca-key", caKey.toString(), "--out", grown.toString()));

        Registry before = Registry.load(running.resolve("registry.json"));
        Registry next = Registry.load(grown.resolve("registry-2.json"));
        assertEquals(2, next.epoch());
        assertEquals(4, next.committeeCount());
        assertEquals(3, next.threshold());
        assertEquals(before.governance(), next.governance(), "the same operators govern epoch 2");
        for (NodeEntry node : before.nodes()) {
            assertEquals(node, next.node(node.id()).orElseThrow(), node.id() + " is kept as pinned");
        }
        Set<String> added = next.nodes().stream().map(NodeEntry::id).filter(id -> before.node(id).isEmpty())
                .collect(Collectors.toSet());
        assertEquals(Set.of("node-4a", "leader-4"), added);
        try (Stream<Path> secrets = Files.list(grown.resolve("secrets"))) {
            assertEquals(Set.of("node-4a.yaml", "leader-4.yaml"),
                    secrets.map(file -> file.getFileName().toString()).collect(Collectors.toSet()));
        }
        X509Certificate ca = NodeCertificates.caOf(running.resolve("ca.pem"));
        for (String id : added) {
            Path file = grown.resolve("secrets").resolve(id + ".yaml");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), id);
            Secret secret = (Secret) KustomizationResolver.parseFile(file).getFirst();
            NodeCertificates.checkServesItsRegistryUrl(next.node(id).orElseThrow(), secret.getData(), ca);
        }
        List<HasMetadata> joining = KustomizationResolver.parseFile(grown.resolve(NetworkManifests.JOINING_FILE));
        Set<String> readingTheProposal = new HashSet<>();
        for (HasMetadata workload : ManifestInvariants.workloads(joining)) {
            if (ManifestInvariants.env(KustomizationResolver.containers(workload).getFirst(), "SIGIL_PROPOSED_REGISTRY") != null) {
                readingTheProposal.add(workload.getKind() + "/" + workload.getMetadata().getName());
            }
        }
        assertEquals(Set.of("StatefulSet/node-4a", "Deployment/leader-4"), readingTheProposal);

        String keyBody = Files.readString(caKey).lines().filter(line -> !line.startsWith("-----"))
                .collect(Collectors.joining());
        String keyFileBase64 = Base64.getEncoder().encodeToString(Files.readAllBytes(caKey));
        List<Path> written = new ArrayList<>();
        for (Path root : List.of(running, grown)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile).forEach(written::add);
            }
        }
        assertTrue(written.size() > 10, "the check reads every file written: " + written.size());
        // whole strings: every P-256 PKCS#8 key shares its first 36 bytes (version, algorithm identifiers)
        Predicate<String> holdsCaKey = text -> text.replace("\n", "").contains(keyBody)
                || text.replace("\n", "").contains(keyFileBase64);
        assertTrue(holdsCaKey.test(Files.readString(caKey)), "the check finds the key where it is");
        assertTrue(holdsCaKey.test("data:\n  leaked: " + keyFileBase64 + "\n"), "and in a Secret's data");
        for (Path file : written) {
            assertFalse(holdsCaKey.test(Files.readString(file, StandardCharsets.ISO_8859_1)), file + " holds the CA's private key");
        }
    }

    @Test
    void aKeyOutsideTheCaOrInsideTheOutputIsRefused() throws Exception {
        Path running = temporary.resolve("bootstrap");
        assertNotEquals(0, sigil("k8s", "bootstrap", "--out", running.toString(), "--manifests", K8S.toString(),
                "--keep-ca-key", running.resolve("vault").toString()), "a CA key inside --out is refused");
        assertFalse(Files.exists(running.resolve("vault")));
        Path vault = temporary.resolve("ca-vault");
        assertEquals(0, sigil("k8s", "bootstrap", "--out", running.toString(), "--manifests", K8S.toString(),
                "--keep-ca-key", vault.toString(), "--force"));
        Path stranger = temporary.resolve("stranger-key.pem");
        CertificateAuthority.generate("Not this network's CA", Duration.ofDays(1)).writePrivateKey(stranger);
        List<String> grow = List.of("k8s", "grow", "--committees", "4", "--threshold", "3",
                "--registry", running.resolve("registry.json").toString(), "--ca", running.resolve("ca.pem").toString());
        StringWriter errors = new StringWriter();
        assertNotEquals(0, sigil(errors, concat(grow, "--ca-key", stranger.toString(), "--out",
                temporary.resolve("refused").toString())));
        assertTrue(errors.toString().contains("is not the private key of the CA certificate"), errors.toString());
        assertFalse(Files.exists(temporary.resolve("refused")), "nothing is written with the wrong key");
        Path grown = temporary.resolve("grown");
        assertEquals(0, sigil(concat(grow, "--ca-key", vault.resolve("ca-key.pem").toString(), "--out", grown.toString())));
        assertNotEquals(0, sigil(concat(grow, "--ca-key", vault.resolve("ca-key.pem").toString(), "--out", grown.toString())),
                "a second grow into the same directory would replace keys operators may have approved");
    }

    private static String[] concat(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static int sigil(String... arguments) {
        return sigil(new StringWriter(), arguments);
    }

    private static int sigil(StringWriter errors, String... arguments) {
        CommandLine commandLine = SigilMain.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(errors));
        return commandLine.execute(arguments);
    }

    private static Path repositoryK8s() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("k8s/base/kustomization.yaml"))) {
                return directory.resolve("k8s");
            }
        }
        throw new IllegalStateException("no k8s/base/kustomization.yaml here or above");
    }
}
