package io.sigil.service.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.sigil.identity.NodeIdentity;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.RegistryException;
import io.sigil.registry.Role;
import io.sigil.json.Json;
import io.sigil.registry.governance.Approval;
import io.sigil.registry.governance.ChainFailure;
import io.sigil.registry.governance.ChainVerificationException;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.registry.governance.RegistryChain;
import io.sigil.wire.WireFields;

/**
 * This process as the network knows it: its registry entry, the registry itself and its own
 * identity keys. Built eagerly at start-up, so a node whose keys do not match the registry, or
 * that is started in a role the registry does not give it, refuses to start with a clear
 * message instead of serving requests it cannot authenticate.
 *
 * <p>The registry is trusted only through its chain (docs/security.md "Trust chain"): the node
 * reads the registries from genesis to now and their operators' approvals
 * ({@value RegistryChain#FILE_NAME} beside the registry, or {@code sigil.registry-chain}; a
 * network still at genesis needs none), verifies every approval, checks that the chain ends with
 * exactly the bytes of its registry file and, when {@code sigil.network-pin} is set, that the
 * chain starts at the pinned genesis. A bad chain stops the start with one message naming why.
 *
 * <p>A node new in epoch {@code e+1} (docs/keygen.md §3.2, "joining") starts with the running
 * registry of {@code e} and its chain as above, plus the approved {@code e+1} registry
 * ({@code sigil.proposed-registry}) and its approval ({@code sigil.proposed-approval}), which it
 * checks against the operators of {@code e} like any node. Its own entry then comes from
 * {@code e+1}; {@link #registry()} stays {@code e}, whose nodes it must authenticate, and it
 * serves no signing until the change commits.
 *
 * <p>The running registry changes once per epoch, at commit (docs/keygen.md §3.2 step 4):
 * {@link #adopt} switches registry, entry and chain together (one volatile reference, so a
 * reader never sees a mix), and a node the new registry leaves out becomes {@link #retired()}.
 * Whatever is derived from the registry is kept with {@link #derived}, which recomputes it after a
 * switch; nothing may keep a {@link Registry} of its own across requests.
 */
@Context
public final class LocalNode {
    private final NodeIdentity identity;
    private final Role service;
    private final Path dataDirectory;
    private final ProposedRegistry proposed;
    private final String nodeId;
    private volatile Running running;

    /** What changes at commit, switched as one: the registry, this node's entry in it, its chain and the node's state. */
    private record Running(Registry registry, NodeEntry entry, RegistryChain chain, boolean joining, boolean retired) {
    }

    /** The approved next registry a node was started with: its exact bytes and approval. */
    public record ProposedRegistry(Registry registry, byte[] bytes, Approval approval) {
    }

    LocalNode(@Value("${sigil.node-id}") String nodeId,
              @Value("${sigil.registry}") String registryFile,
              @Value("${sigil.data-dir}") String dataDirectory,
              @Value("${sigil.identity-dir:}") String identityDirectory,
              @Value("${sigil.role}") String role,
              @Value("${sigil.registry-chain:}") String chainFile,
              @Value("${sigil.network-pin:}") String pinFile,
              @Value("${sigil.proposed-registry:}") String proposedFile,
              @Value("${sigil.proposed-approval:}") String proposedApprovalFile) throws IOException, RegistryException {
        this.service = Role.fromWireName(role)
                .orElseThrow(() -> new IllegalStateException("sigil.role '" + role + "' is not a Sigil service"));
        Path registryPath = Path.of(registryFile);
        Path chainPath = chainFile.isBlank() ? registryPath.resolveSibling(RegistryChain.FILE_NAME) : Path.of(chainFile);
        boolean hasChain = !chainFile.isBlank() || Files.isRegularFile(chainPath);
        if (!hasChain) {
            // at genesis the registry file is the whole chain: its own problems are reported first, by file name
            Registry.load(registryPath);
        }
        RegistryChain chain = verifiedChain(registryPath, hasChain ? chainPath : null, pinFile);
        Registry registry = Registry.load(registryPath);
        this.nodeId = nodeId;
        this.proposed = proposedFile.isBlank() ? null : proposed(registry, Path.of(proposedFile), proposedApprovalFile);
        NodeEntry current = registry.node(nodeId).orElse(null);
        boolean joining = current == null && proposed != null && proposed.registry().node(nodeId).isPresent();
        NodeEntry entry = current != null ? current : joining ? proposed.registry().node(nodeId).orElseThrow()
                : failStart("node '" + nodeId + "' (SIGIL_NODE_ID) is not in the registry " + registryFile
                        + (proposed == null ? "" : " nor in the proposed registry " + proposedFile));
        this.running = new Running(registry, entry, chain, joining, false);
        if (!entry.hasRole(service)) {
            throw new IllegalStateException("node '" + nodeId + "' is started as " + service
                    + " but the registry gives it the roles " + entry.roles());
        }
        this.dataDirectory = Path.of(dataDirectory);
        Path keys = identityDirectory.isBlank() ? this.dataDirectory.resolve("identity") : Path.of(identityDirectory);
        this.identity = NodeIdentity.load(keys);
        if (!identity.identityKey().equals(entry.identityKey()) || !identity.encryptionKey().equals(entry.encryptionKey())) {
            throw new IllegalStateException("the keys in " + keys + " are not the keys the registry pins for node '"
                    + nodeId + "'");
        }
    }

    private static NodeEntry failStart(String message) {
        throw new IllegalStateException(message);
    }

    /** The approved next registry in {@code file}, checked against the operators of {@code current}. */
    private static ProposedRegistry proposed(Registry current, Path file, String approvalFile) throws IOException {
        if (approvalFile.isBlank()) {
            throw new IllegalStateException("refusing to start: sigil.proposed-registry is set without sigil.proposed-approval");
        }
        byte[] bytes = Files.readAllBytes(file);
        Approval approval;
        try {
            approval = Json.read(Files.readString(Path.of(approvalFile)), Approval.class);
        } catch (IllegalArgumentException malformed) {
            throw new IllegalStateException("refusing to start: " + approvalFile + " is not a registry approval");
        }
        try {
            return new ProposedRegistry(ChainVerifier.approveNext(current, bytes, approval), bytes, approval);
        } catch (ChainVerificationException refused) {
            throw new IllegalStateException("refusing to start: the proposed registry " + file + " is refused: "
                    + refused.getMessage());
        }
    }

    /** Verifies the chain in {@code chainPath} (null: the registry is genesis) and that it ends with the registry file. */
    private static RegistryChain verifiedChain(Path registryFile, Path chainPath, String pinFile) throws IOException {
        byte[] registryBytes = Files.readAllBytes(registryFile);
        RegistryChain chain = chainPath != null ? RegistryChain.load(chainPath) : RegistryChain.genesisOnly(registryBytes);
        try {
            long epoch = (pinFile.isBlank() ? ChainVerifier.verifyFromGenesis(chain)
                    : ChainVerifier.verify(chain, NetworkPin.load(Path.of(pinFile)))).current().epoch();
            List<RegistryChain.Link> links = chain.epochs();
            String last = links.isEmpty() ? chain.genesis() : links.getLast().registry();
            if (!Arrays.equals(WireFields.base64("registry", last, Integer.MAX_VALUE), registryBytes)) {
                throw new ChainVerificationException(ChainFailure.NOT_CURRENT, epoch, "the chain " + chainPath
                        + " does not end with the registry file " + registryFile);
            }
            return chain;
        } catch (ChainVerificationException refused) {
            throw new IllegalStateException("refusing to start: " + refused.getMessage());
        }
    }

    /** The registries from genesis to {@link #registry()} and their approvals, as verified at start or at commit. */
    public RegistryChain registryChain() {
        return running.chain();
    }

    public Registry registry() {
        return running.registry();
    }

    /**
     * Runs the last registry of {@code chain} from now on (docs/keygen.md §3.2 step 4): the chain
     * must verify from genesis, extend the running one and end at a later epoch. A node the new
     * registry names takes its entry from it (a joining node becomes active); a node it leaves out
     * keeps its registry and entry, to authenticate the manager, and is {@link #retired()}.
     *
     * @return the registry now in force (the old one for a retired node)
     */
    public synchronized Registry adopt(RegistryChain chain) {
        Running now = running;
        Registry next;
        try {
            next = ChainVerifier.verifyFromGenesis(chain).current();
        } catch (ChainVerificationException refused) {
            throw new IllegalArgumentException("the committed chain does not verify: " + refused.getMessage());
        }
        if (!chain.genesis().equals(now.chain().genesis()) || chain.epochs().size() < now.chain().epochs().size()
                || !chain.epochs().subList(0, now.chain().epochs().size()).equals(now.chain().epochs())) {
            throw new IllegalArgumentException("the committed chain does not extend the running one");
        }
        if (next.epoch() <= now.registry().epoch()) {
            throw new IllegalArgumentException("epoch " + next.epoch() + " is not after the running epoch "
                    + now.registry().epoch());
        }
        NodeEntry mine = next.node(nodeId).filter(found -> found.hasRole(service)).orElse(null);
        running = mine == null ? new Running(now.registry(), now.entry(), now.chain(), false, true)
                : new Running(next, mine, chain, false, false);
        return running.registry();
    }

    /** Whether a committed registry left this node out: it holds no shard and does no protocol work. */
    public boolean retired() {
        return running.retired();
    }

    /**
     * {@code derive} of the running registry, recomputed when the registry changes (at commit):
     * for what a component would otherwise build once at start (a directory of parsed peer keys).
     */
    public <T> java.util.function.Supplier<T> derived(java.util.function.Function<Registry, T> derive) {
        return new Derived<>(this, derive);
    }

    /** The memo behind {@link #derived}: one value per registry instance. */
    private static final class Derived<T> implements java.util.function.Supplier<T> {
        private final LocalNode node;
        private final java.util.function.Function<Registry, T> derive;
        private volatile Memo<T> memo;

        private record Memo<T>(Registry registry, T value) {
        }

        Derived(LocalNode node, java.util.function.Function<Registry, T> derive) {
            this.node = node;
            this.derive = derive;
        }

        @Override
        public T get() {
            Registry registry = node.registry();
            Memo<T> held = memo;
            if (held == null || held.registry() != registry) {
                held = new Memo<>(registry, derive.apply(registry));
                memo = held;
            }
            return held.value();
        }
    }

    /** The approved next registry this node was started with, if any. */
    public java.util.Optional<ProposedRegistry> proposedAtStart() {
        return java.util.Optional.ofNullable(proposed);
    }

    /** Whether this node is only in the proposed registry: it waits for the change to commit. */
    public boolean joining() {
        return running.joining();
    }

    public NodeEntry entry() {
        return running.entry();
    }

    public String id() {
        return nodeId;
    }

    public NodeIdentity identity() {
        return identity;
    }

    /** The service this process runs (a node may hold several roles in the registry). */
    public Role service() {
        return service;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }
}
