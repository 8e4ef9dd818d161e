package io.sigil.devnet.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.RegistryException;
import io.sigil.registry.Role;
import io.sigil.tls.CertificateAuthority;
import io.sigil.tls.ServerCertificate;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.registry.governance.OperatorKey;

/**
 * Writes what a network needs besides the committed manifests: every node's keys (generated with
 * the project's own {@link NodeIdentity} and {@link MasterKeySettings}, as {@code sigil node keygen}
 * and the devnet do) as one Secret manifest per node, the registry pinning their public halves
 * with in-cluster URLs, the registry ConfigMap, and a kustomization that ties them to
 * {@code k8s/overlays/dev} (or, for another shape, to {@code k8s/base/common} plus that shape's
 * rendered workloads). Secret files are owner-only in an owner-only directory; they are applied
 * with kubectl and never committed.
 *
 * <p>TLS is on: a private CA made here (Bouncy Castle PKIX, {@link CertificateAuthority}) issues
 * each node a certificate for the DNS names its registry URL uses ({@link KubernetesPlan#certificateNames});
 * the certificate, its key and the CA's certificate go into the node's Secret, the registry names
 * {@code https://} URLs, and the CA's certificate is also written as {@value #CA_FILE} for clients
 * ({@code sigil ... --ca}). The CA's private key is not written, unless the operator asks for it
 * ({@code keepCaKey}: one owner-only file {@value #CA_KEY_FILE} in a directory outside the output
 * and the manifests, for {@link KubernetesGrowth} to certify new nodes later; docs/deploy.md
 * "Scaling and refreshing" weighs that choice).
 * <p>It also creates the network's operators ({@value #OPERATORS} Ed25519 keys in
 * {@value #OPERATORS_DIRECTORY}/, quorum {@value #QUORUM}: the registry's governance block) and the
 * network pin ({@value NetworkPin#FILE_NAME}) that users verify the network against. Operator keys
 * belong offline, one per operator, not in the cluster.
 */
public final class KubernetesBootstrap {
    public static final String REGISTRY_FILE = "registry.json";
    public static final String REGISTRY_CONFIG_MAP_FILE = "registry-configmap.yaml";
    public static final String NAMESPACE_FILE = "namespace.yaml";
    public static final String KUSTOMIZATION_FILE = "kustomization.yaml";
    public static final String SECRETS_DIRECTORY = "secrets";
    public static final String NETWORK_DIRECTORY = "network";
    public static final String CA_FILE = "ca.pem";
    public static final String CA_KEY_FILE = "ca-key.pem";
    public static final String OPERATORS_DIRECTORY = "operators";
    static final int OPERATORS = 3;
    static final int QUORUM = 2;

    private KubernetesBootstrap() {
    }

    /** What was written, for the command to report. */
    public record Result(Path directory, Registry registry, List<Path> secretFiles, boolean usesDevOverlay, NetworkPin pin) {
    }

    /**
     * @param manifests the repository's {@code k8s} directory; the kustomization refers to it by a relative path
     */
    public static Result write(KubernetesPlan plan, Path out, Path manifests, boolean force) throws IOException {
        return write(plan, out, manifests, force, null);
    }

    /**
     * @param keepCaKey where to keep the CA's private key ({@value #CA_KEY_FILE}, owner-only), or null
     *        to drop it; it must lie outside {@code out} and {@code manifests}, so no manifest or
     *        kustomization can carry it
     */
    public static Result write(KubernetesPlan plan, Path out, Path manifests, boolean force, Path keepCaKey)
            throws IOException {
        Path k8s = manifests.toAbsolutePath().normalize();
        if (!Files.isRegularFile(k8s.resolve("base/kustomization.yaml"))) {
            throw new IllegalArgumentException(manifests + " is not the project's k8s directory (no base/kustomization.yaml)");
        }
        Path directory = out.toAbsolutePath().normalize();
        if (directory.startsWith(k8s)) {
            throw new IllegalArgumentException("--out " + out + " lies inside the committed manifests (" + manifests
                    + "); bootstrap output holds private keys and goes elsewhere");
        }
        Path caKeyDirectory = keepCaKey == null ? null : keepCaKey.toAbsolutePath().normalize();
        if (caKeyDirectory != null && (caKeyDirectory.startsWith(directory) || caKeyDirectory.startsWith(k8s))) {
            throw new IllegalArgumentException("--keep-ca-key " + keepCaKey + " lies inside --out or the manifests; keep "
                    + "the CA key apart from everything kubectl applies");
        }
        if (caKeyDirectory != null && Files.exists(caKeyDirectory.resolve(CA_KEY_FILE))) {
            throw new IllegalArgumentException(caKeyDirectory.resolve(CA_KEY_FILE) + " exists: it may be the key of a "
                    + "running network's CA; move it away first");
        }
        prepare(directory, force);
        Path secrets = directory.resolve(SECRETS_DIRECTORY);
        createPrivateDirectory(secrets);

        CertificateAuthority authority = CertificateAuthority.generate("Sigil " + plan.namespace() + " CA",
                CertificateAuthority.DEFAULT_VALIDITY);
        Issuer issuer = new Issuer(authority, plan, secrets);
        List<NodeDocument> entries = new ArrayList<>();
        List<Path> secretFiles = new ArrayList<>();
        for (KubernetesPlan.PlannedNode node : plan.nodes()) {
            entries.add(issuer.node(node, secretFiles));
        }
        authority.writeCertificate(directory.resolve(CA_FILE));
        if (caKeyDirectory != null) {
            createPrivateDirectory(caKeyDirectory);
            authority.writePrivateKey(caKeyDirectory.resolve(CA_KEY_FILE));
        }
        List<CommitteeDocument> committees = new ArrayList<>();
        for (int committee = 1; committee <= plan.committees(); committee++) {
            committees.add(new CommitteeDocument(committee, "committee-" + committee));
        }
        Path operatorKeys = directory.resolve(OPERATORS_DIRECTORY);
        createPrivateDirectory(operatorKeys);
        List<OperatorKey> operators = new ArrayList<>();
        for (int operator = 1; operator <= OPERATORS; operator++) {
            OperatorKey key = OperatorKey.generate("operator-" + operator);
            key.save(operatorKeys.resolve(key.id() + ".json"));
            operators.add(key);
        }
        RegistryDocument document = new RegistryDocument(plan.namespace(), 1L, plan.threshold(), committees, entries,
                OperatorKey.governance(QUORUM, operators));
        Registry registry;
        try {
            registry = Registry.fromDocument(document, REGISTRY_FILE);
        } catch (RegistryException impossible) {
            throw new IllegalStateException("the bootstrap produced an invalid registry", impossible);
        }
        String registryJson = Json.writePretty(document);
        // the ConfigMap's block scalar mounts exactly these bytes (one trailing newline), so the pin holds
        byte[] registryBytes = (registryJson + "\n").getBytes(StandardCharsets.UTF_8);
        Files.write(directory.resolve(REGISTRY_FILE), registryBytes);
        NetworkPin pin = NetworkPin.of(registryBytes, registry);
        pin.save(directory.resolve(NetworkPin.FILE_NAME));
        Files.writeString(directory.resolve(REGISTRY_CONFIG_MAP_FILE), configMap(registryJson));
        Files.writeString(directory.resolve(NAMESPACE_FILE), namespace(plan.namespace()));
        Files.writeString(directory.resolve(".gitignore"), "# node keys and TLS keys: apply with kubectl, never commit\n"
                + SECRETS_DIRECTORY + "/\n# operator keys: keep offline, never commit\n" + OPERATORS_DIRECTORY + "/\n");

        boolean devOverlay = plan.sameShape(KubernetesPlan.BASE);
        List<String> resources = new ArrayList<>();
        String relative = directory.relativize(k8s).toString().replace('\\', '/');
        if (devOverlay) {
            resources.add(relative + "/overlays/dev");
        } else {
            resources.add(relative + "/base/common");
            Path network = directory.resolve(NETWORK_DIRECTORY);
            Files.createDirectories(network);
            for (Map.Entry<String, String> file : NetworkManifests.render(plan).entrySet()) {
                Files.writeString(network.resolve(file.getKey()), file.getValue());
                resources.add(NETWORK_DIRECTORY + "/" + file.getKey());
            }
        }
        resources.add(NAMESPACE_FILE);
        resources.add(REGISTRY_CONFIG_MAP_FILE);
        for (Path secret : secretFiles) {
            resources.add(SECRETS_DIRECTORY + "/" + secret.getFileName());
        }
        Files.writeString(directory.resolve(KUSTOMIZATION_FILE), kustomization(plan, resources));
        return new Result(directory, registry, List.copyOf(secretFiles), devOverlay, pin);
    }

    /** Generates one node's keys and certificate into its Secret manifest. */
    record Issuer(CertificateAuthority authority, KubernetesPlan plan, Path secrets) {
        NodeDocument node(KubernetesPlan.PlannedNode planned, List<Path> secretFiles) throws IOException {
            String nodeId = planned.id();
            Role role = planned.role();
            Map<String, byte[]> keys = new LinkedHashMap<>();
            // Generated inside the owner-only secrets directory, so plaintext keys never sit in a shared /tmp.
            Path scratch = Files.createTempDirectory(secrets, ".generating-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try {
                NodeIdentity identity = NodeIdentity.generate();
                identity.save(scratch);
                keys.put(NodeIdentity.SIGNING_FILE, Files.readAllBytes(scratch.resolve(NodeIdentity.SIGNING_FILE)));
                keys.put(NodeIdentity.ENCRYPTION_FILE, Files.readAllBytes(scratch.resolve(NodeIdentity.ENCRYPTION_FILE)));
                if (planned.hasStore()) {
                    Path kek = scratch.resolve(PodTemplates.STORE_KEK_FILE);
                    MasterKeySettings.writeNewKekKeyset(kek);
                    keys.put(PodTemplates.STORE_KEK_FILE, Files.readAllBytes(kek));
                }
                ServerCertificate certificate = authority.issue(nodeId, plan.certificateNames(planned.host()),
                        List.of("127.0.0.1"), CertificateAuthority.DEFAULT_VALIDITY);
                keys.put(PodTemplates.TLS_CERTIFICATE_FILE, certificate.certificatePem().getBytes(StandardCharsets.US_ASCII));
                keys.put(PodTemplates.TLS_KEY_FILE, certificate.privateKeyPem());
                keys.put(PodTemplates.TLS_CA_FILE, authority.certificatePem().getBytes(StandardCharsets.US_ASCII));
                Path file = secrets.resolve(nodeId + ".yaml");
                writePrivate(file, secret(nodeId, role, keys));
                secretFiles.add(file);
                return new NodeDocument(nodeId, List.of(role.wireName()), planned.committee(), planned.url(),
                        identity.identityKey().toHex(), identity.encryptionKey().toHex());
            } finally {
                keys.values().forEach(bytes -> Arrays.fill(bytes, (byte) 0));
                deleteRecursively(scratch);
            }
        }
    }

    private static String secret(String nodeId, Role role, Map<String, byte[]> keys) {
        StringBuilder data = new StringBuilder();
        Base64.Encoder base64 = Base64.getEncoder();
        keys.forEach((name, bytes) -> data.append("  ").append(name).append(": ").append(base64.encodeToString(bytes)).append('\n'));
        return """
                # Node %s's private keys. Apply with kubectl; never commit this file.
                apiVersion: v1
                kind: Secret
                metadata:
                  name: %s
                  labels:
                    app.kubernetes.io/part-of: sigil
                    app.kubernetes.io/component: %s
                    sigil.io/node: %s
                type: Opaque
                data:
                """.formatted(nodeId, KubernetesPlan.secretName(nodeId), role.wireName(), nodeId) + data;
    }

    private static String configMap(String registryJson) {
        return """
                # The node registry (public keys and URLs only). Services read it at start-up:
                # after changing it, `kubectl rollout restart` the workloads.
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  labels:
                    app.kubernetes.io/part-of: sigil
                data:
                  registry.json: |
                %s""".formatted(KubernetesPlan.REGISTRY_CONFIG_MAP, registryJson.indent(4));
    }

    private static String namespace(String name) {
        return """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: %s
                  labels:
                    app.kubernetes.io/part-of: sigil
                """.formatted(name);
    }

    private static String kustomization(KubernetesPlan plan, List<String> resources) {
        StringBuilder text = new StringBuilder("""
                # Written by `sigil k8s bootstrap` for %d committees x %d signing nodes, t = %d, %d manager(s).
                # Apply with: kubectl apply -k <this directory>
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: %s
                resources:
                """.formatted(plan.committees(), plan.replicas(), plan.threshold(), plan.managers(), plan.namespace()));
        resources.forEach(resource -> text.append("  - ").append(resource).append('\n'));
        return text.toString();
    }

    private static void prepare(Path directory, boolean force) throws IOException {
        if (Files.isDirectory(directory)) {
            boolean empty;
            try (Stream<Path> entries = Files.list(directory)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !force) {
                throw new IllegalArgumentException(directory + " is not empty; pass --force to replace a bootstrap "
                        + "(its keys are lost: a running network keeps the old ones pinned)");
            }
            for (String earlier : List.of(SECRETS_DIRECTORY, NETWORK_DIRECTORY, OPERATORS_DIRECTORY)) {
                deleteRecursively(directory.resolve(earlier));
            }
        }
        createPrivateDirectory(directory);
    }

    static void createPrivateDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // the file system has no POSIX modes; the operator protects the directory otherwise
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }
}
