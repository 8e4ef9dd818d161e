package io.sigil.devnet.network;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.registry.governance.NetworkPin;
import io.sigil.service.StartFailure;
import io.sigil.service.tls.ServerTlsProperties;
import io.sigil.tls.TrustBundle;

/**
 * A whole Sigil network in this JVM: one Micronaut application context per node, each started
 * with its service's environment so it loads only that service's beans, each listening on its
 * own loopback port. Closing it stops every node.
 */
public final class Devnet implements AutoCloseable {
    private static final Duration PORT_RELEASE_WAIT = Duration.ofSeconds(10);

    /** Replaced when an epoch change commits ({@link #committed}). */
    private volatile DevnetLayout layout;
    private final Map<String, ApplicationContext> contexts;
    private final Map<String, Object> overrides;
    private final DevnetLock lock;
    /** Nodes started {@link #join joining} (not in the devnet's registry), with the files they started from. */
    private final Map<String, Joined> joined = Collections.synchronizedMap(new LinkedHashMap<>());

    private record Joined(DevnetNode node, Map<String, Object> properties) {
    }

    private Devnet(DevnetLayout layout, Map<String, ApplicationContext> contexts, Map<String, Object> overrides,
                   DevnetLock lock) {
        this.layout = layout;
        this.contexts = contexts;
        this.overrides = overrides;
        this.lock = lock;
    }

    /**
     * Starts the devnet under {@code directory}: the one laid out there earlier when there is one
     * (same keys, registry, ports and stores), else a new one of {@code plan}. See {@link DevnetLaunch}.
     */
    public static Devnet start(Path directory, DevnetPlan plan) throws IOException {
        return launch(directory, plan).start();
    }

    /**
     * As {@link #start(Path, DevnetPlan)}, with {@code overrides} added to every node's
     * configuration (and kept for {@link #restart}): e.g. {@code sigil.jobs.stage-timeout: 2s}
     * for the nodes, {@code sigil.manager.attempt-timeout} for the manager (each service reads
     * only its own keys). The devnet's own keys (node id, ports, paths) cannot be overridden.
     */
    public static Devnet start(Path directory, DevnetPlan plan, Map<String, Object> overrides) throws IOException {
        return launch(directory, plan).overrides(overrides).start();
    }

    /** A devnet start with more choices (a fresh layout, progress as each node comes up). */
    public static DevnetLaunch launch(Path directory, DevnetPlan plan) {
        return new DevnetLaunch(directory, plan);
    }

    /** Starts every node of {@code layout} (in parallel); {@code lock} is held until {@link #close}. */
    static Devnet start(DevnetLayout layout, DevnetLock lock, Map<String, Object> overrides,
                        Consumer<DevnetNode> onStarted) throws IOException {
        Map<String, Object> extra = Map.copyOf(overrides);
        Map<String, ApplicationContext> started = Collections.synchronizedMap(new LinkedHashMap<>());
        List<Future<?>> pending = new ArrayList<>();
        try (ExecutorService starter = Executors.newFixedThreadPool(Math.min(4, layout.nodes().size()))) {
            for (DevnetNode node : layout.nodes()) {
                pending.add(starter.submit(() -> {
                    try {
                        // a devnet started again right after the last one closed (same ports) may find a
                        // listener of the old one still closing: wait for the port, as restart() does
                        started.put(node.id(), startWhenPortFree(layout, node, extra));
                    } catch (RuntimeException failed) {
                        boolean portTaken = rootCause(failed) instanceof BindException;
                        throw new IllegalStateException(node.id() + " (" + node.url() + "): "
                                + (portTaken ? "its port is taken by another process; stop that process, or start "
                                + "the devnet with --fresh to lay it out on new ports" : StartFailure.describe(failed)));
                    }
                    onStarted.accept(node);
                }));
            }
            for (Future<?> future : pending) {
                future.get();
            }
        } catch (InterruptedException | ExecutionException failure) {
            started.values().forEach(ApplicationContext::close);
            lock.close();
            if (failure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = failure.getCause() == null ? failure : failure.getCause();
            throw new IOException("the devnet could not start: " + StartFailure.describe(cause), cause);
        }
        Map<String, ApplicationContext> ordered = new LinkedHashMap<>();
        layout.nodes().forEach(node -> ordered.put(node.id(), started.get(node.id())));
        return new Devnet(layout, ordered, extra, lock);
    }

    private static ApplicationContext startNode(DevnetLayout layout, DevnetNode node, Map<String, Object> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>(overrides);
        properties.putAll(Map.of(
                "sigil.node-id", node.id(),
                "sigil.store.kek-keyset", node.storeKeyFile().toString(),
                "sigil.registry", layout.registryFile().toString(),
                "sigil.data-dir", node.dataDirectory().toString(),
                "micronaut.server.port", node.port(),
                "micronaut.server.host", "127.0.0.1"));
        if (layout.tls()) {
            properties.putAll(ServerTlsProperties.forServer(node.certificateFile(), node.privateKeyFile(), node.port()));
            properties.put(ServerTlsProperties.CA, layout.caFile().toString());
        }
        return startService(node.service().wireName(), properties);
    }

    /**
     * One service of the devnet's kind in this JVM, with exactly {@code properties}: the context,
     * then its server (the context closed again when the server does not start).
     */
    public static ApplicationContext startService(String environment, Map<String, Object> properties) {
        ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .environments(environment)
                .properties(properties)
                .start();
        try {
            context.getBean(EmbeddedServer.class).start();
        } catch (RuntimeException failure) {
            context.close();
            throw failure;
        }
        return context;
    }

    public DevnetLayout layout() {
        return layout;
    }

    public Registry registry() {
        return layout.registry();
    }

    /** The network pin (also in the devnet directory as {@code pin.json}). */
    public NetworkPin pin() {
        return layout.pin();
    }

    public ApplicationContext context(String nodeId) {
        return contexts.get(nodeId);
    }

    /** Stops node {@code nodeId} (its context closes, its store is released). */
    public void stop(String nodeId) {
        ApplicationContext context = contexts.get(nodeId);
        if (context == null) {
            throw new IllegalArgumentException("no devnet node " + nodeId);
        }
        context.close();
    }

    /**
     * Starts node {@code nodeId} again on its port and data directory, after {@link #stop} (or
     * closing it now): what a restarted pod does. A {@link #join joining} node starts again joining.
     */
    public void restart(String nodeId) {
        Joined joining = joined.get(nodeId);
        DevnetNode node = joining != null ? joining.node() : layout.nodes().stream()
                .filter(candidate -> candidate.id().equals(nodeId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no devnet node " + nodeId));
        ApplicationContext previous = contexts.get(nodeId);
        if (previous.isRunning()) {
            previous.close();
        }
        contexts.put(nodeId, startWhenPortFree(layout, node, joining != null ? joining.properties() : overrides));
    }

    /**
     * Starts the nodes {@code change} adds (in the approved next registry only) {@code joining}
     * (docs/keygen.md §3.2): with the devnet's running registry plus the proposed registry and its
     * approval, as {@code SIGIL_PROPOSED_REGISTRY} and {@code SIGIL_PROPOSED_APPROVAL} give them
     * to a pod. Nodes already started are left as they are.
     *
     * @return the ids of the nodes started
     */
    public List<String> join(DevnetChange.Prepared change) {
        List<String> started = new ArrayList<>();
        for (DevnetNode node : change.joining()) {
            if (contexts.containsKey(node.id()) && contexts.get(node.id()).isRunning()) {
                continue;
            }
            Map<String, Object> properties = new LinkedHashMap<>(overrides);
            properties.put("sigil.proposed-registry", change.registryFile().toString());
            properties.put("sigil.proposed-approval", change.approvalFile().toString());
            joined.put(node.id(), new Joined(node, Map.copyOf(properties)));
            contexts.put(node.id(), startWhenPortFree(layout, node, properties));
            started.add(node.id());
        }
        return started;
    }

    /**
     * After {@code change} committed: the devnet's files become epoch {@code e+1} (the chain
     * {@value io.sigil.registry.governance.RegistryChain#FILE_NAME} extended by the new registry
     * and its approval, verified from genesis before anything is written; {@code registry.json}
     * the new registry), so every node started from now on runs it; the nodes the new registry
     * leaves out (retired, holding no shard) are stopped; managers are restarted, since only the
     * one that sent the commit runs it. Leaders are not: they learn the commit from the nodes
     * themselves (docs/keygen.md §6.4 "The commit"). Joined nodes become ordinary nodes.
     *
     * @return what was done, for the command to print
     */
    public synchronized Committed committed(DevnetChange.Prepared change) throws IOException {
        DevnetLayout before = layout;
        DevnetChange.writeCommitted(before, change);
        DevnetLayout after = DevnetLayout.load(before.directory());
        List<String> stopped = new ArrayList<>();
        for (DevnetNode node : before.nodes()) {
            if (after.registry().node(node.id()).isEmpty()) {
                ApplicationContext context = contexts.remove(node.id());
                if (context != null && context.isRunning()) {
                    context.close();
                }
                stopped.add(node.id());
            }
        }
        layout = after;
        joined.clear();
        List<String> restarted = new ArrayList<>();
        for (DevnetNode node : after.nodes()) {
            if (node.service() == Role.COMMUNICATION_MANAGER && contexts.containsKey(node.id())) {
                restart(node.id());
                restarted.add(node.id());
            }
        }
        return new Committed(after.registry().epoch(), stopped, restarted);
    }

    /** What {@link #committed} did: the epoch the devnet's files now hold, the nodes stopped and restarted. */
    public record Committed(long epoch, List<String> retiredStopped, List<String> restarted) {
    }

    /** The nodes started {@link #join joining}, by id. */
    public List<DevnetNode> joiningNodes() {
        return joined.values().stream().map(Joined::node).toList();
    }

    /**
     * The old server socket may close a moment after its context does (Netty closes it on its own
     * thread): a port refused for that reason is retried for {@link #PORT_RELEASE_WAIT}; a port
     * that stays taken fails then.
     */
    private static ApplicationContext startWhenPortFree(DevnetLayout layout, DevnetNode node,
                                                       Map<String, Object> overrides) {
        long deadline = System.nanoTime() + PORT_RELEASE_WAIT.toNanos();
        while (true) {
            try {
                return startNode(layout, node, overrides);
            } catch (RuntimeException failure) {
                if (!(rootCause(failure) instanceof BindException) || System.nanoTime() > deadline) {
                    throw failure;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
            }
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Whether node {@code nodeId} is up (not stopped by {@link #stop}). */
    public boolean isRunning(String nodeId) {
        ApplicationContext context = contexts.get(nodeId);
        return context != null && context.isRunning();
    }

    public int runningNodes() {
        return (int) contexts.values().stream().filter(ApplicationContext::isRunning).count();
    }

    /** The CA bundle a client of this devnet trusts: present when it runs with TLS. */
    public Optional<TrustBundle> trust() {
        return layout.tls() ? Optional.of(TrustBundle.load(layout.caFile())) : Optional.empty();
    }

    /** The URL of the first signing node: where a user points {@code --network}. */
    public String entryUrl() {
        return layout.nodes().stream().filter(node -> node.service() == Role.SIGNING_CLIENT)
                .findFirst().orElseThrow().url();
    }

    @Override
    public void close() {
        List<ApplicationContext> reversed = new ArrayList<>(contexts.values());
        Collections.reverse(reversed);
        for (ApplicationContext context : reversed) {
            try {
                context.close();
            } catch (RuntimeException ignored) {
                // keep stopping the others; a node failing to stop cleanly must not leak the rest
            }
        }
        lock.close();
    }
}
