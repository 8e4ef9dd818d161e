package io.sigil.devnet.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.sigil.identity.NodeIdentity;
import io.sigil.json.Json;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryDocument;
import io.sigil.registry.RegistryDocument.CommitteeDocument;
import io.sigil.registry.RegistryDocument.NodeDocument;
import io.sigil.registry.RegistryException;
import io.sigil.registry.Role;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.ChainVerificationException;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.RegistryChain;
import io.sigil.registry.governance.OperatorKey;
import io.sigil.tls.CertificateAuthority;

/**
 * A change of a devnet's node set (docs/keygen.md §3.2), laid out as its operators would: the
 * new nodes' keys made as {@link DevnetLayout#create} makes them, the registry of epoch
 * {@code e+1} written to {@value #DIRECTORY}/{@value #REGISTRY_FILE} and approved by a quorum of the
 * devnet's own operators ({@value #APPROVAL_FILE}). The running devnet starts the nodes new in
 * {@code e+1} {@code joining} from these two files ({@link Devnet#join}); the change itself is the
 * manager's (propose, reshare, prepare). On a TLS devnet the new nodes' certificates come from
 * the devnet's CA (its key kept in the devnet directory). The devnet's own {@code registry.json} stays epoch
 * {@code e}: it is what the running nodes were started with.
 */
public final class DevnetChange {
    public static final String DIRECTORY = "epoch-next";
    public static final String REGISTRY_FILE = "registry.json";
    public static final String APPROVAL_FILE = "approval.json";

    /** The approved next registry on disk, and the nodes it adds (to start joining). */
    public record Prepared(Registry next, byte[] registryBytes, Approval approval, Path registryFile, Path approvalFile,
                           List<DevnetNode> joining) {
    }

    private DevnetChange() {
    }

    /**
     * Epoch {@code e+1} = the running registry plus committee {@code n+1} with {@code replicas}
     * signing nodes and a leader; default threshold {@code threshold} (null: unchanged).
     */
    public static Prepared addCommittee(DevnetLayout layout, int replicas, Integer threshold) throws IOException {
        CertificateAuthority authority = layout.tls() ? authority(layout) : null;
        if (replicas < 1 || replicas > 8) {
            throw new IllegalArgumentException("--replicas must be between 1 and 8 (got " + replicas + ")");
        }
        RegistryDocument running = layout.registry().toDocument();
        int committee = layout.registry().committeeCount() + 1;
        List<CommitteeDocument> committees = new ArrayList<>(running.committees());
        committees.add(new CommitteeDocument(committee, "committee-" + committee));
        List<NodeDocument> nodes = new ArrayList<>(running.nodes());
        List<Integer> ports = DevnetLayout.freePorts(replicas + 1);
        List<DevnetNode> added = new ArrayList<>();
        for (int replica = 0; replica < replicas; replica++) {
            String id = "node-" + committee + (char) ('a' + replica);
            added.add(new DevnetNode(id, Role.SIGNING_CLIENT, committee, ports.get(replica), layout.directory().resolve(id),
                    layout.tls()));
        }
        String leader = "leader-" + committee;
        added.add(new DevnetNode(leader, Role.COMMITTEE_LEADER, committee, ports.get(replicas),
                layout.directory().resolve(leader), layout.tls()));
        for (DevnetNode node : added) {
            if (layout.registry().node(node.id()).isPresent() || Files.exists(node.dataDirectory())) {
                throw new IllegalStateException(node.dataDirectory() + " already exists: an earlier change of this devnet "
                        + "left it; remove it (the devnet does not run it) and try again");
            }
        }
        for (DevnetNode node : added) {
            nodes.add(keys(node));
            if (authority != null) {
                DevnetLayout.issueCertificate(authority, node);
            }
        }
        return approved(layout, new RegistryDocument(running.networkId(), running.epoch() + 1,
                threshold == null ? running.threshold() : threshold, committees, nodes, running.governance()), added);
    }

    /**
     * Epoch {@code e+1} = the running registry plus one signing node of the existing committee
     * {@code committee} (named after the committee's next free letter), nothing else changed: an
     * add-replicas change, which reshares nothing; the new replica fetches its committee's keys by
     * catch-up after the commit (docs/keygen.md §3.8).
     */
    public static Prepared addNode(DevnetLayout layout, int committee) throws IOException {
        CertificateAuthority authority = layout.tls() ? authority(layout) : null;
        Registry registry = layout.registry();
        if (registry.committee(committee).isEmpty()) {
            throw new IllegalArgumentException("the devnet has no committee " + committee + " (committees 1.."
                    + registry.committeeCount() + "; a new committee is add-committee)");
        }
        String id = null;
        for (char letter = 'a'; letter <= 'z' && id == null; letter++) {
            String candidate = "node-" + committee + letter;
            if (registry.node(candidate).isEmpty() && !Files.exists(layout.directory().resolve(candidate))) {
                id = candidate;
            }
        }
        if (id == null) {
            throw new IllegalStateException("committee " + committee + " has no free node name left (node-"
                    + committee + "a..z)");
        }
        DevnetNode node = new DevnetNode(id, Role.SIGNING_CLIENT, committee, DevnetLayout.freePorts(1).getFirst(),
                layout.directory().resolve(id), layout.tls());
        RegistryDocument running = registry.toDocument();
        List<NodeDocument> nodes = new ArrayList<>(running.nodes());
        nodes.add(keys(node));
        if (authority != null) {
            DevnetLayout.issueCertificate(authority, node);
        }
        return approved(layout, new RegistryDocument(running.networkId(), running.epoch() + 1, running.threshold(),
                running.committees(), nodes, running.governance()), List.of(node));
    }

    /** Epoch {@code e+1} = the running registry without the signing nodes {@code nodeIds}. */
    public static Prepared removeNodes(DevnetLayout layout, List<String> nodeIds, Integer threshold) throws IOException {
        RegistryDocument running = layout.registry().toDocument();
        for (String id : nodeIds) {
            NodeEntry entry = layout.registry().node(id)
                    .orElseThrow(() -> new IllegalArgumentException("the devnet's registry has no node " + id));
            if (!entry.hasRole(Role.SIGNING_CLIENT)) {
                throw new IllegalArgumentException(id + " is not a signing node (remove a whole committee with "
                        + "remove-committee)");
            }
        }
        Set<String> removed = Set.copyOf(nodeIds);
        List<NodeDocument> nodes = running.nodes().stream().filter(node -> !removed.contains(node.id())).toList();
        return approved(layout, new RegistryDocument(running.networkId(), running.epoch() + 1,
                threshold == null ? running.threshold() : threshold, running.committees(), nodes, running.governance()),
                List.of());
    }

    /** Epoch {@code e+1} = the running registry without its last committee (its signing nodes and leader). */
    public static Prepared removeLastCommittee(DevnetLayout layout, Integer threshold) throws IOException {
        RegistryDocument running = layout.registry().toDocument();
        int last = layout.registry().committeeCount();
        List<CommitteeDocument> committees = running.committees().stream().filter(c -> c.index() != last).toList();
        List<NodeDocument> nodes = running.nodes().stream()
                .filter(node -> node.committee() == null || node.committee() != last).toList();
        return approved(layout, new RegistryDocument(running.networkId(), running.epoch() + 1,
                threshold == null ? Math.min(running.threshold(), committees.size()) : threshold, committees, nodes,
                running.governance()), List.of());
    }

    /**
     * The change laid out earlier in {@code directory} ({@link #DIRECTORY}), with the nodes it names
     * that {@code running} does not: what the devnet starts joining.
     */
    public static Optional<Prepared> read(Path directory, Registry running) throws IOException {
        Path registryFile = directory.resolve(DIRECTORY).resolve(REGISTRY_FILE);
        Path approvalFile = directory.resolve(DIRECTORY).resolve(APPROVAL_FILE);
        if (!Files.isRegularFile(registryFile) || !Files.isRegularFile(approvalFile)) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(registryFile);
        Registry next;
        try {
            next = Registry.parse(new String(bytes, StandardCharsets.UTF_8), false, registryFile.toString());
        } catch (RegistryException invalid) {
            throw new IOException(invalid.getMessage());
        }
        List<DevnetNode> joining = new ArrayList<>();
        for (NodeEntry entry : next.nodes()) {
            if (running.node(entry.id()).isEmpty()) {
                joining.add(DevnetLayout.node(directory, entry, false));
            }
        }
        return Optional.of(new Prepared(next, bytes, Json.read(Files.readString(approvalFile), Approval.class),
                registryFile, approvalFile, joining));
    }

    /**
     * Writes the devnet's files as epoch {@code e+1} after {@code change} committed: the chain
     * (or genesis alone) extended by the new registry and its approval, verified from genesis,
     * then {@code registry.json}, each written to a temporary file and moved into place.
     */
    static void writeCommitted(DevnetLayout layout, Prepared change) throws IOException {
        Path chainFile = layout.directory().resolve(RegistryChain.FILE_NAME);
        RegistryChain chain = Files.isRegularFile(chainFile) ? RegistryChain.load(chainFile)
                : RegistryChain.genesisOnly(Files.readAllBytes(layout.registryFile()));
        RegistryChain extended = chain.then(change.registryBytes(), change.approval());
        try {
            long epoch = ChainVerifier.verifyFromGenesis(extended).current().epoch();
            if (epoch != layout.registry().epoch() + 1) {
                throw new IOException("the devnet runs epoch " + layout.registry().epoch() + " but the change is epoch " + epoch);
            }
        } catch (ChainVerificationException refused) {
            throw new IOException("the committed registry does not extend the devnet's chain: " + refused.getMessage());
        }
        Path chainTemporary = chainFile.resolveSibling(RegistryChain.FILE_NAME + ".new");
        extended.save(chainTemporary);
        Path registryTemporary = Files.write(layout.registryFile().resolveSibling(DevnetLayout.REGISTRY_FILE + ".new"),
                change.registryBytes());
        Files.move(chainTemporary, chainFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(registryTemporary, layout.registryFile(), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The TLS devnet's CA, from its certificate and the private key the devnet keeps beside it
     * ({@link DevnetLayout}); a devnet laid out before that key was kept cannot issue certificates.
     */
    private static CertificateAuthority authority(DevnetLayout layout) throws IOException {
        if (!Files.isRegularFile(layout.caKeyFile())) {
            throw new IllegalStateException("this TLS devnet has no CA key (" + layout.caKeyFile() + "): it was laid "
                    + "out before devnets kept one, so new nodes cannot get certificates; start a fresh devnet "
                    + "(`sigil devnet --fresh --tls`) to grow it");
        }
        return CertificateAuthority.load(layout.caFile(), layout.caKeyFile());
    }

    /** New identity (and store key for a signing node) under the node's data directory: its registry entry. */
    private static NodeDocument keys(DevnetNode node) throws IOException {
        NodeIdentity identity = NodeIdentity.generate();
        identity.save(node.dataDirectory().resolve("identity"));
        if (node.service() != Role.COMMITTEE_LEADER) {
            MasterKeySettings.writeNewKekKeyset(node.storeKeyFile());
        }
        return new NodeDocument(node.id(), List.of(node.service().wireName()), node.committee(), node.url(),
                identity.identityKey().toHex(), identity.encryptionKey().toHex());
    }

    /** Validates {@code document}, writes it and its approval by the devnet's first {@code QUORUM} operators. */
    private static Prepared approved(DevnetLayout layout, RegistryDocument document, List<DevnetNode> joining)
            throws IOException {
        Registry next;
        try {
            next = Registry.fromDocument(document, "epoch " + document.epoch());
        } catch (RegistryException invalid) {
            throw new IllegalArgumentException(invalid.getMessage());
        }
        byte[] bytes = Json.writePretty(document).getBytes(StandardCharsets.UTF_8);
        String sha256 = ChainVerifier.documentSha256(bytes);
        List<Approval.OperatorSignature> signatures = new ArrayList<>();
        for (int operator = 1; operator <= DevnetLayout.QUORUM; operator++) {
            signatures.add(OperatorKey.load(layout.operatorKeyFile(operator))
                    .approve(next.networkId(), next.epoch(), HexFormat.of().parseHex(sha256)));
        }
        Approval approval = new Approval(next.networkId(), next.epoch(), sha256, signatures);
        Path directory = Files.createDirectories(layout.directory().resolve(DIRECTORY));
        Path registryFile = Files.write(directory.resolve(REGISTRY_FILE), bytes);
        Path approvalFile = Files.writeString(directory.resolve(APPROVAL_FILE), Json.writePretty(approval));
        return new Prepared(next, bytes, approval, registryFile, approvalFile, List.copyOf(joining));
    }
}
