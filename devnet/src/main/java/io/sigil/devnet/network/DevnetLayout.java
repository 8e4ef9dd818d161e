package io.sigil.devnet.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.RegistryException;
import io.sigil.registry.Role;
import io.sigil.tls.CertificateAuthority;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.registry.governance.RegistryChain;

/**
 * Lays a devnet out on disk: one data directory per node holding its identity keys, and the
 * registry that pins them all. The devnet has its own operators ({@value #OPERATORS} Ed25519 keys
 * under {@code operators/}, quorum {@value #QUORUM}) in the registry's governance block, and
 * publishes the network pin as {@value NetworkPin#FILE_NAME} beside the registry, where the CLI
 * finds it. Nodes with a store (signing nodes, managers) also get a random
 * store key-encryption keyset beside their data ({@code store-kek.json}); on a real deployment it
 * is a secret mounted from elsewhere, never stored next to the data it protects. Node ids say what they are: {@code node-2b} is the second signing
 * node of committee 2, {@code leader-2} its leader, {@code manager-1} the first manager.
 *
 * <p>With TLS ({@link DevnetPlan#tls()}) a throw-away CA issues each node a certificate for
 * {@code 127.0.0.1} and {@code localhost} ({@code <node>/tls/cert.pem}, key {@code key.pem}
 * owner-only); the CA's certificate is {@value #CA_FILE} in the devnet directory and its private
 * key {@value #CA_KEY_FILE} beside it (owner-only), so that {@code sigil devnet add-committee} can
 * issue the new nodes' certificates ({@link DevnetChange}). A devnet is a development tool: a real
 * deployment keeps no CA key unless its operator asks (docs/deploy.md "Scaling and refreshing").
 */
public final class DevnetLayout {
    public static final String REGISTRY_FILE = "registry.json";
    public static final String CA_FILE = "ca.pem";
    public static final String CA_KEY_FILE = "ca-key.pem";
    public static final String NETWORK_ID = "sigil-devnet";
    static final int OPERATORS = 3;
    static final int QUORUM = 2;

    private final Path directory;
    private final List<DevnetNode> nodes;
    private final Registry registry;
    private final boolean tls;
    private final NetworkPin pin;

    private DevnetLayout(Path directory, List<DevnetNode> nodes, Registry registry, boolean tls, NetworkPin pin) {
        this.directory = directory;
        this.nodes = List.copyOf(nodes);
        this.registry = registry;
        this.tls = tls;
        this.pin = pin;
    }

    /** Generates keys and the registry under {@code directory}, replacing any earlier devnet there. */
    public static DevnetLayout create(Path directory, DevnetPlan plan) throws IOException {
        Files.createDirectories(directory);
        List<Integer> ports = ports(plan);
        List<DevnetNode> nodes = new ArrayList<>();
        int next = 0;
        for (int committee = 1; committee <= plan.committees(); committee++) {
            for (int replica = 0; replica < plan.replicas(); replica++) {
                String id = "node-" + committee + (char) ('a' + replica);
                nodes.add(new DevnetNode(id, Role.SIGNING_CLIENT, committee, ports.get(next++), directory.resolve(id), plan.tls()));
            }
        }
        for (int committee = 1; committee <= plan.committees(); committee++) {
            String id = "leader-" + committee;
            nodes.add(new DevnetNode(id, Role.COMMITTEE_LEADER, committee, ports.get(next++), directory.resolve(id), plan.tls()));
        }
        for (int manager = 1; manager <= plan.managers(); manager++) {
            String id = "manager-" + manager;
            nodes.add(new DevnetNode(id, Role.COMMUNICATION_MANAGER, null, ports.get(next++), directory.resolve(id), plan.tls()));
        }
        if (plan.tls()) {
            issueCertificates(directory, nodes);
        } else {
            Files.deleteIfExists(directory.resolve(CA_FILE));
        }
        List<NodeDocument> entries = new ArrayList<>();
        for (DevnetNode node : nodes) {
            NodeIdentity identity = NodeIdentity.generate();
            identity.save(node.dataDirectory().resolve("identity"));
            if (node.service() != Role.COMMITTEE_LEADER) {
                MasterKeySettings.writeNewKekKeyset(node.storeKeyFile());
            }
            entries.add(new NodeDocument(node.id(), List.of(node.service().wireName()), node.committee(), node.url(),
                    identity.identityKey().toHex(), identity.encryptionKey().toHex()));
        }
        List<CommitteeDocument> committees = new ArrayList<>();
        for (int committee = 1; committee <= plan.committees(); committee++) {
            committees.add(new CommitteeDocument(committee, "committee-" + committee));
        }
        List<OperatorKey> operators = new ArrayList<>();
        for (int operator = 1; operator <= OPERATORS; operator++) {
            OperatorKey key = OperatorKey.generate("operator-" + operator);
            key.save(directory.resolve("operators").resolve(key.id() + ".json"));
            operators.add(key);
        }
        RegistryDocument document = new RegistryDocument(NETWORK_ID, 1L, plan.threshold(), committees, entries,
                OperatorKey.governance(QUORUM, operators));
        byte[] registryBytes = Json.writePretty(document).getBytes(StandardCharsets.UTF_8);
        Files.write(directory.resolve(REGISTRY_FILE), registryBytes);
        Files.deleteIfExists(directory.resolve(RegistryChain.FILE_NAME));
        try {
            Registry registry = Registry.fromDocument(document, REGISTRY_FILE);
            NetworkPin pin = NetworkPin.of(registryBytes, registry);
            pin.save(directory.resolve(NetworkPin.FILE_NAME));
            return new DevnetLayout(directory, nodes, registry, plan.tls(), pin);
        } catch (RegistryException impossible) {
            throw new IllegalStateException("the devnet produced an invalid registry", impossible);
        }
    }

    private static void issueCertificates(Path directory, List<DevnetNode> nodes) throws IOException {
        CertificateAuthority authority = CertificateAuthority.generate("Sigil devnet CA", Duration.ofDays(30));
        for (DevnetNode node : nodes) {
            issueCertificate(authority, node);
        }
        authority.writeCertificate(directory.resolve(CA_FILE));
        authority.writePrivateKey(directory.resolve(CA_KEY_FILE));
    }

    /** {@code node}'s certificate for {@code 127.0.0.1} and {@code localhost} from the devnet's CA, with its key. */
    static void issueCertificate(CertificateAuthority authority, DevnetNode node) throws IOException {
        Files.createDirectories(node.certificateFile().getParent());
        authority.issue(node.id(), List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(30))
                .writeTo(node.certificateFile(), node.privateKeyFile());
    }

    /** Whether {@code directory} holds a devnet laid out earlier (its registry is there). */
    public static boolean exists(Path directory) {
        return Files.isRegularFile(directory.resolve(REGISTRY_FILE));
    }

    /**
     * Reads the devnet laid out earlier under {@code directory}: its registry names every node,
     * its URL (hence port and scheme) and role; each node's keys, certificate and store stay where
     * {@link #create} put them, as do the operators' keys and the pin, so a restarted devnet opens
     * the same stores with the same keys and its users' pins still hold.
     */
    public static DevnetLayout load(Path directory) throws IOException {
        Registry registry;
        try {
            registry = Registry.load(directory.resolve(REGISTRY_FILE));
        } catch (RegistryException invalid) {
            throw new IOException(directory.resolve(REGISTRY_FILE) + " is not a valid devnet registry ("
                    + invalid.getMessage() + "); start with --fresh to replace it");
        }
        NetworkPin pin;
        try {
            pin = NetworkPin.load(directory.resolve(NetworkPin.FILE_NAME));
        } catch (IOException unreadable) {
            throw new IOException(directory + " holds no usable network pin (" + unreadable.getMessage()
                    + "); start with --fresh to lay the devnet out again");
        }
        boolean tls = registry.nodes().stream().anyMatch(entry -> "https".equals(entry.url().getScheme()));
        if (tls && !Files.isRegularFile(directory.resolve(CA_FILE))) {
            throw new IOException(directory + " holds a TLS devnet without its CA certificate " + CA_FILE
                    + "; start with --fresh to lay the devnet out again");
        }
        List<DevnetNode> nodes = new ArrayList<>();
        for (NodeEntry entry : registry.nodes()) {
            nodes.add(node(directory, entry, tls));
        }
        return new DevnetLayout(directory, nodes, registry, tls, pin);
    }

    /** The devnet node {@code entry} names, whose keys (and certificate with TLS) lie under {@code directory}. */
    static DevnetNode node(Path directory, NodeEntry entry, boolean tls) throws IOException {
        Role service = entry.roles().stream().sorted().findFirst().orElseThrow();
        Path data = directory.resolve(entry.id());
        DevnetNode node = new DevnetNode(entry.id(), service, entry.committee().orElse(null), entry.url().getPort(), data, tls);
        if (!Files.isDirectory(data.resolve("identity")) || tls && !Files.isRegularFile(node.certificateFile())) {
            throw new IOException(directory + " holds no keys for node " + entry.id()
                    + "; start with --fresh to lay the devnet out again");
        }
        return node;
    }

    /** The shape of this devnet (ports aside), for comparison with the one a user asks for. */
    public DevnetPlan plan() {
        int signing = (int) nodes.stream().filter(node -> node.service() == Role.SIGNING_CLIENT).count();
        int managers = (int) nodes.stream().filter(node -> node.service() == Role.COMMUNICATION_MANAGER).count();
        int committees = registry.committeeCount();
        return new DevnetPlan(committees, signing / committees, registry.threshold(), managers, 0, tls);
    }

    /** Whether this devnet has the shape {@code wanted} asks for (any ports when it asks for none), TLS included. */
    public boolean hasShape(DevnetPlan wanted) {
        DevnetPlan own = plan();
        return own.committees() == wanted.committees() && own.replicas() == wanted.replicas()
                && own.threshold() == wanted.threshold() && own.managers() == wanted.managers()
                && own.tls() == wanted.tls()
                && (wanted.basePort() == 0 || wanted.basePort() == nodes.getFirst().port());
    }

    public Path directory() {
        return directory;
    }

    /** Whether the nodes serve HTTPS. */
    public boolean tls() {
        return tls;
    }

    /** The CA certificate every node's certificate chains to (exists only with TLS). */
    public Path caFile() {
        return directory.resolve(CA_FILE);
    }

    /** The devnet CA's private key (TLS only; a devnet laid out before it was kept has none). */
    public Path caKeyFile() {
        return directory.resolve(CA_KEY_FILE);
    }

    public Path registryFile() {
        return directory.resolve(REGISTRY_FILE);
    }

    /** The network pin, as written to {@value NetworkPin#FILE_NAME}. */
    public NetworkPin pin() {
        return pin;
    }

    /** The devnet operators' key files (for approving a next registry). */
    public Path operatorKeyFile(int operator) {
        return directory.resolve("operators").resolve("operator-" + operator + ".json");
    }

    public List<DevnetNode> nodes() {
        return nodes;
    }

    public Registry registry() {
        return registry;
    }

    /**
     * Free loopback ports, chosen up front because the registry must name every URL before any
     * node starts. Another process could take one in between; start-up then fails loudly.
     */
    private static List<Integer> ports(DevnetPlan plan) {
        List<Integer> ports = new ArrayList<>();
        if (plan.basePort() != 0) {
            for (int offset = 0; offset < plan.nodeCount(); offset++) {
                ports.add(plan.basePort() + offset);
            }
            return ports;
        }
        return freePorts(plan.nodeCount());
    }

    /** {@code count} free loopback ports (free when probed; see {@link #ports}). */
    static List<Integer> freePorts(int count) {
        List<Integer> ports = new ArrayList<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("could not find free loopback ports", failure);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket cannot lose anything
                }
            }
        }
        return ports;
    }
}
