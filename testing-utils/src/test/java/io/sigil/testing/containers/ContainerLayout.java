package io.sigil.testing.containers;

import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.RegistryException;
import io.sigil.registry.Role;
import io.sigil.tls.CertificateAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The secrets and registry of a network that runs in containers, written with the project's own
 * code as the devnet writes them ({@code DevnetLayout}), except that every URL is the node's
 * name on the Docker network ({@code https://node-2b:8080}): nodes reach each other by those
 * names, and the test translates them to mapped ports ({@link SigilContainers#hostUrl}).
 *
 * <p>TLS is on, as on Kubernetes: a CA made for the run ({@link CertificateAuthority}) issues each
 * node a certificate for its network alias and for the host the test reaches the mapped ports on
 * ({@code localhost} and, when the engine is elsewhere, its address), so hostname verification
 * holds on both paths; every service trusts only that CA ({@value #CA_FILE}).
 *
 * <p>The files are made readable by everyone because they are bind-mounted read-only into
 * containers that run as the images' non-root user (uid 10001), which does not own them on the
 * host. They live in a test's temporary directory; a deployment mounts them from Secrets with
 * the right owner instead.
 */
record ContainerLayout(Path directory, List<ContainerNode> nodes, Registry registry, NetworkPin pin) {
    static final String NETWORK_ID = "sigil-containers";
    static final String CA_FILE = "ca.pem";
    static final int PORT = 8080;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** One container of the network: its node id doubles as its network alias. */
    record ContainerNode(String id, Role service, Integer committee, Path secrets) {
        String url() {
            return "https://" + id + ":" + PORT;
        }

        Path certificateFile() {
            return secrets.resolve("tls").resolve("cert.pem");
        }

        Path privateKeyFile() {
            return secrets.resolve("tls").resolve("key.pem");
        }

        Path identityDirectory() {
            return secrets.resolve("identity");
        }

        Path storeKeyFile() {
            return secrets.resolve("store-kek.json");
        }

        boolean hasStore() {
            return service != Role.COMMITTEE_LEADER;
        }
    }

    /** {@code testHost}: the host name or address the test JVM reaches mapped ports on. */
    static ContainerLayout create(Path directory, int committees, int replicas, int threshold, String testHost)
            throws IOException {
        List<ContainerNode> nodes = new ArrayList<>();
        for (int committee = 1; committee <= committees; committee++) {
            for (int replica = 0; replica < replicas; replica++) {
                String id = "node-" + committee + (char) ('a' + replica);
                nodes.add(new ContainerNode(id, Role.SIGNING_CLIENT, committee, directory.resolve(id)));
            }
        }
        for (int committee = 1; committee <= committees; committee++) {
            nodes.add(new ContainerNode("leader-" + committee, Role.COMMITTEE_LEADER, committee,
                    directory.resolve("leader-" + committee)));
        }
        nodes.add(new ContainerNode("manager-1", Role.COMMUNICATION_MANAGER, null, directory.resolve("manager-1")));

        CertificateAuthority authority = CertificateAuthority.generate("Sigil container suite CA", Duration.ofDays(1));
        authority.writeCertificate(directory.resolve(CA_FILE));
        List<NodeDocument> entries = new ArrayList<>();
        for (ContainerNode node : nodes) {
            Set<String> dnsNames = new LinkedHashSet<>(List.of(node.id(), "localhost"));
            Set<String> addresses = new LinkedHashSet<>(List.of("127.0.0.1"));
            (IPV4.matcher(testHost).matches() ? addresses : dnsNames).add(testHost);
            Files.createDirectories(node.certificateFile().getParent());
            authority.issue(node.id(), List.copyOf(dnsNames), List.copyOf(addresses), Duration.ofDays(1))
                    .writeTo(node.certificateFile(), node.privateKeyFile());
            NodeIdentity identity = NodeIdentity.generate();
            identity.save(node.identityDirectory());
            if (node.hasStore()) {
                MasterKeySettings.writeNewKekKeyset(node.storeKeyFile());
            }
            entries.add(new NodeDocument(node.id(), List.of(node.service().wireName()), node.committee(), node.url(),
                    identity.identityKey().toHex(), identity.encryptionKey().toHex()));
        }
        List<CommitteeDocument> committeeDocuments = new ArrayList<>();
        for (int committee = 1; committee <= committees; committee++) {
            committeeDocuments.add(new CommitteeDocument(committee, "committee-" + committee));
        }
        RegistryDocument document = new RegistryDocument(NETWORK_ID, 1L, threshold, committeeDocuments, entries,
                OperatorKey.governance(1, List.of(OperatorKey.generate("operator-1"))));
        byte[] registryBytes = Json.writePretty(document).getBytes(StandardCharsets.UTF_8);
        Files.write(directory.resolve("registry.json"), registryBytes);
        readableByContainers(directory);
        try {
            Registry registry = Registry.fromDocument(document, "registry.json");
            return new ContainerLayout(directory, List.copyOf(nodes), registry, NetworkPin.of(registryBytes, registry));
        } catch (RegistryException impossible) {
            throw new IllegalStateException("the container layout produced an invalid registry", impossible);
        }
    }

    Path registryFile() {
        return directory.resolve("registry.json");
    }

    Path caFile() {
        return directory.resolve(CA_FILE);
    }

    ContainerNode node(String id) {
        return nodes.stream().filter(node -> node.id().equals(id)).findFirst().orElseThrow();
    }

    private static void readableByContainers(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.toList()) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                        Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
