package io.sigil.testing.containers;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HealthCheck;
import io.sigil.registry.Role;
import io.sigil.testing.containers.ContainerLayout.ContainerNode;
import io.sigil.wire.NodeView;
import io.sigil.client.discovery.TrustedNetwork;
import io.sigil.tls.TrustBundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * The network of a {@link ContainerLayout} as containers of the real service images on one
 * Docker network, each reachable there by its node id. Every container runs as the images do in
 * production: read-only root filesystem, the registry and its secrets bind-mounted read-only,
 * its data directory and {@code /tmp} as tmpfs. Readiness is polled from the test JVM over TLS
 * ({@link ReadinessOverTls}); the image's own HEALTHCHECK command is run once per image after
 * start ({@link #runImageHealthcheck}).
 *
 * <p>The registry names container URLs, which the test JVM cannot resolve; it reaches each
 * container through its mapped port instead ({@link #hostUrl}), and routes the verified
 * network's URLs there with {@link #reachableFromHost(TrustedNetwork)}. Inside the
 * network nothing is translated: leaders, manager and nodes talk to each other exactly as the
 * registry says.
 */
final class SigilContainers implements AutoCloseable {
    /** The tag docker/build-images.sh gives the images (the project version), or SIGIL_IMAGE_TAG. */
    static final String TAG = System.getenv().getOrDefault("SIGIL_IMAGE_TAG", "0.1.0-SNAPSHOT");
    static final String CONTAINER_USER = "10001";

    private final ContainerLayout layout;
    private final Network network = Network.newNetwork();
    private final Map<String, GenericContainer<?>> containers = new LinkedHashMap<>();
    private final HttpClient readinessClient;

    SigilContainers(ContainerLayout layout) {
        this.layout = layout;
        this.readinessClient = TrustBundle.load(layout.caFile()).configure(HttpClient.newBuilder())
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (ContainerNode node : layout.nodes()) {
            containers.put(node.id(), container(node));
        }
    }

    static String image(Role service) {
        return "sigil/" + service.wireName() + ":" + TAG;
    }

    /**
     * The images must have been built from this checkout beforehand (building them needs a
     * packaged project, which a test run inside Maven cannot produce for itself midway).
     */
    static void requireImages() {
        for (Role service : Role.values()) {
            String image = image(service);
            try {
                DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            } catch (NotFoundException missing) {
                throw new IllegalStateException("the Docker image " + image + " does not exist. Build the images from "
                        + "this checkout with docker/build-images.sh (see the README, \"Container images\"), or set "
                        + "SIGIL_CONTAINER_TESTS=skip to skip this suite.");
            }
        }
    }

    private GenericContainer<?> container(ContainerNode node) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image(node.service())))
                .withNetwork(network)
                .withNetworkAliases(node.id())
                .withExposedPorts(ContainerLayout.PORT)
                .withEnv("SIGIL_NODE_ID", node.id())
                .withEnv("SIGIL_PORT", Integer.toString(ContainerLayout.PORT))
                .withEnv("SIGIL_REGISTRY", "/etc/sigil/registry.json")
                .withEnv("SIGIL_IDENTITY_DIR", "/etc/sigil/identity")
                .withEnv("SIGIL_DATA_DIR", "/var/lib/sigil")
                // A small heap: ten JVMs share a 2-core CI machine.
                .withEnv("JAVA_TOOL_OPTIONS", "-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError")
                .withFileSystemBind(layout.registryFile().toString(), "/etc/sigil/registry.json", BindMode.READ_ONLY)
                .withFileSystemBind(node.identityDirectory().toString(), "/etc/sigil/identity", BindMode.READ_ONLY)
                // TLS on, as the Kubernetes manifests run it: HTTPS only, peers verified against the run's CA.
                .withEnv("SIGIL_TLS_CERT", "/etc/sigil/tls/cert.pem")
                .withEnv("SIGIL_TLS_KEY", "/etc/sigil/tls/key.pem")
                .withEnv("SIGIL_TLS_CA", "/etc/sigil/ca.pem")
                .withFileSystemBind(node.certificateFile().getParent().toString(), "/etc/sigil/tls", BindMode.READ_ONLY)
                .withFileSystemBind(layout.caFile().toString(), "/etc/sigil/ca.pem", BindMode.READ_ONLY)
                .withTmpFs(Map.of("/var/lib/sigil", "rw,uid=" + CONTAINER_USER + ",gid=" + CONTAINER_USER + ",mode=0700",
                        "/tmp", "rw,noexec,nosuid,nodev,mode=1777"))
                .withCreateContainerCmdModifier(command -> {
                    command.getHostConfig().withReadonlyRootfs(true);
                    // Docker's own monitoring is off: it would start a probe JVM per container per
                    // tick (see ReadinessOverTls); the command itself is run by runImageHealthcheck.
                    command.withHealthcheck(new HealthCheck().withTest(List.of("NONE")));
                })
                .waitingFor(new ReadinessOverTls(readinessClient).withStartupTimeout(Duration.ofSeconds(240)));
        if (node.service() == Role.COMMUNICATION_MANAGER) {
            // A party with a dead member waits this long for the others before the retry; the
            // default 30 s leaves room for slow pairwise setups, 15 s is plenty for six nodes.
            container.withEnv("SIGIL_MANAGER_ATTEMPT_TIMEOUT", "15s");
        }
        if (node.hasStore()) {
            container.withEnv("SIGIL_STORE_KEK_KEYSET", "/run/secrets/store-kek.json")
                    .withFileSystemBind(node.storeKeyFile().toString(), "/run/secrets/store-kek.json", BindMode.READ_ONLY);
        }
        return container;
    }

    /**
     * Runs the image's own HEALTHCHECK command inside the container of {@code nodeId}, as Docker
     * would, and returns its result: the test proves the command works with TLS on.
     */
    ExecResult runImageHealthcheck(String nodeId) throws Exception {
        Role service = layout.nodes().stream().filter(node -> node.id().equals(nodeId)).findFirst().orElseThrow().service();
        HealthCheck declared = DockerClientFactory.instance().client().inspectImageCmd(image(service)).exec()
                .getConfig().getHealthcheck();
        if (declared == null || declared.getTest() == null || declared.getTest().size() < 2
                || !"CMD".equals(declared.getTest().getFirst())) {
            throw new IllegalStateException("the image " + image(service) + " has no exec-form HEALTHCHECK; rebuild it "
                    + "with docker/build-images.sh");
        }
        List<String> command = declared.getTest().subList(1, declared.getTest().size());
        return containers.get(nodeId).execInContainer(command.toArray(String[]::new));
    }

    /** Starts every container at once and waits until each answers ready over TLS. */
    void startAll() throws Exception {
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> started = containers.values().stream()
                    .map(container -> starters.submit(container::start)).<Future<?>>map(future -> future).toList();
            for (Future<?> future : started) {
                future.get();
            }
        }
    }

    GenericContainer<?> container(String nodeId) {
        return containers.get(nodeId);
    }

    /** {@code https://host:mapped-port} of a node, for the test JVM (its certificate names that host too). */
    URI hostUrl(String nodeId) {
        GenericContainer<?> container = containers.get(nodeId);
        return URI.create("https://" + container.getHost() + ":" + container.getMappedPort(ContainerLayout.PORT));
    }

    /** Where the test JVM reaches mapped ports, known before any container starts. */
    static String testHost() {
        return DockerClientFactory.instance().dockerHostIpAddress();
    }

    /**
     * {@code network} (verified against the pin) reached through the mapped ports: the test's own
     * URL mapping, applied after verification, so the keys stay the registry's.
     */
    TrustedNetwork reachableFromHost(TrustedNetwork network) {
        return network.reachedThrough(url -> {
            ContainerNode node = layout.nodes().stream().filter(candidate -> URI.create(candidate.url()).equals(url))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no container serves " + url));
            return hostUrl(node.id());
        });
    }

    /** {@code docker kill}: SIGKILL, as a crashed pod. */
    void kill(String nodeId) {
        GenericContainer<?> container = containers.get(nodeId);
        DockerClientFactory.instance().client().killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
    }

    /** The lines of a container's log that contain {@code text}. */
    List<String> logLines(String nodeId, String text) {
        return containers.get(nodeId).getLogs().lines().filter(line -> line.contains(text)).toList();
    }

    /** The last lines of a container's log, for failure messages. */
    String logTail(String nodeId, int lines) {
        try {
            List<String> all = containers.get(nodeId).getLogs().lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (RuntimeException gone) {
            return "(no log: " + gone.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        containers.values().forEach(GenericContainer::stop);
        network.close();
        readinessClient.close();
    }
}
