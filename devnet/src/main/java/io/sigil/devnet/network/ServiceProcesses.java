package io.sigil.devnet.network;

import io.sigil.registry.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A laid-out network run as separate JVMs, each started the way the README runs a service: its
 * main class, configured only by {@code SIGIL_*} environment variables (plus, per service, extra
 * environment variables and {@code -D} properties a test sets before starting, e.g. shorter
 * deadlines). Logs go to {@code <data dir>/service.log}, appended across restarts. A node can be
 * SIGKILLed (as a crashed pod), frozen with SIGSTOP and thawed with SIGCONT, and restarted on its
 * own data directory and port. Closing kills every process. Used by {@code sigil devnet --processes} and
 * {@code sigil bench --processes} (each service in its own JVM, so a node's memory and CPU are its
 * own) and by the process fault tests.
 */
public final class ServiceProcesses implements AutoCloseable {
    /** What {@link Process#exitValue()} gives for a process ended by signal 9: 128 + 9. */
    public static final int KILLED_BY_SIGKILL = 137;
    /**
     * The JVM options of the fault tests: a small heap and the C1 compiler only, so ten JVMs start
     * quickly on a small machine. A benchmark passes its own ({@link #jvmOptions}).
     */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx192m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final DevnetLayout layout;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<Role, Map<String, String>> environment = new EnumMap<>(Role.class);
    private final Map<Role, Map<String, String>> systemProperties = new EnumMap<>(Role.class);
    private final String classPath;
    private List<String> jvmOptions = TEST_JVM_OPTIONS;

    /** The services of {@code layout}, run with this JVM's class path (which must hold every service). */
    public ServiceProcesses(DevnetLayout layout) {
        this(layout, System.getProperty("java.class.path"));
    }

    public ServiceProcesses(DevnetLayout layout, String classPath) {
        this.layout = layout;
        this.classPath = classPath;
    }

    /** The JVM options (heap, collector, compiler) of every process started from now on. */
    public ServiceProcesses jvmOptions(List<String> options) {
        this.jvmOptions = List.copyOf(options);
        return this;
    }

    /**
     * Starts every service of {@code layout} in its own JVM with {@code jvmOptions} and the log
     * level {@code logLevel}, and waits until each answers its readiness check; on failure every
     * process started is killed again.
     */
    public static ServiceProcesses startDevnet(DevnetLayout layout, List<String> jvmOptions, String logLevel,
                                               Duration readyTimeout) throws Exception {
        if (layout.tls()) {
            throw new IllegalArgumentException("a devnet in separate processes serves plain http only (no --tls)");
        }
        ServiceProcesses services = new ServiceProcesses(layout).jvmOptions(jvmOptions);
        for (Role service : Role.values()) {
            services.environment(service, "SIGIL_LOG_LEVEL", logLevel);
        }
        try {
            services.startAll();
            services.awaitReady(readyTimeout);
            return services;
        } catch (Exception | Error failed) {
            services.close();
            throw failed;
        }
    }

    public static String mainClass(Role service) {
        return switch (service) {
            case SIGNING_CLIENT -> "io.sigil.node.SigningClientApplication";
            case COMMITTEE_LEADER -> "io.sigil.leader.CommitteeLeaderApplication";
            case COMMUNICATION_MANAGER -> "io.sigil.manager.CommunicationManagerApplication";
        };
    }

    /** An extra environment variable for every process of {@code service} started from now on. */
    public ServiceProcesses environment(Role service, String name, String value) {
        environment.computeIfAbsent(service, any -> new LinkedHashMap<>()).put(name, value);
        return this;
    }

    /** A {@code -Dname=value} for every process of {@code service} started from now on. */
    public ServiceProcesses systemProperty(Role service, String name, String value) {
        systemProperties.computeIfAbsent(service, any -> new LinkedHashMap<>()).put(name, value);
        return this;
    }

    public DevnetLayout layout() {
        return layout;
    }

    public DevnetNode node(String nodeId) {
        return layout.nodes().stream().filter(candidate -> candidate.id().equals(nodeId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId + " in the layout"));
    }

    public void startAll() throws IOException {
        for (DevnetNode node : layout.nodes()) {
            start(node);
        }
    }

    public void start(DevnetNode node) throws IOException {
        Process previous = processes.get(node.id());
        if (previous != null && previous.isAlive()) {
            throw new IllegalStateException("node " + node.id() + " is still running (pid " + previous.pid() + ")");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(jvmOptions);
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        systemProperties.getOrDefault(node.service(), Map.of())
                .forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-cp", classPath, mainClass(node.service())));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> variables = builder.environment();
        // INFO lines (attempts, culprits, timeouts) in service.log are what one reads when a test fails
        variables.put("SIGIL_LOG_LEVEL", "INFO");
        variables.put("SIGIL_NODE_ID", node.id());
        variables.put("SIGIL_REGISTRY", layout.registryFile().toString());
        variables.put("SIGIL_DATA_DIR", node.dataDirectory().toString());
        variables.put("SIGIL_PORT", Integer.toString(node.port()));
        if (node.service() != Role.COMMITTEE_LEADER) {
            variables.put("SIGIL_STORE_KEK_KEYSET", node.storeKeyFile().toString());
        }
        variables.putAll(environment.getOrDefault(node.service(), Map.of()));
        builder.redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.dataDirectory().resolve("service.log").toFile()));
        processes.put(node.id(), builder.start());
    }

    /** Starts a killed node again on the same data directory, port and settings. */
    public void restart(String nodeId) throws IOException {
        start(node(nodeId));
    }

    /** Waits until every started node answers {@code /health/readiness} with 200, or fails naming the laggards. */
    public void awaitReady(Duration timeout) throws Exception {
        awaitReady(List.copyOf(processes.keySet()), timeout);
    }

    public void awaitReady(List<String> nodeIds, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> waiting = new ArrayList<>(nodeIds);
        while (!waiting.isEmpty()) {
            waiting.removeIf(id -> isReady(http, id));
            for (String id : waiting) {
                Process process = processes.get(id);
                if (!process.isAlive()) {
                    throw new IllegalStateException("service " + id + " exited with " + process.exitValue()
                            + "; see " + node(id).dataDirectory().resolve("service.log"));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready in time: " + waiting);
            }
            Thread.sleep(100);
        }
    }

    private boolean isReady(HttpClient http, String id) {
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(node(id).url() + "/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * SIGKILL, as a crashed pod: no shutdown hook, no flush, no goodbye to peers. On Unix
     * {@link Process#destroyForcibly()} sends SIGKILL (plain {@code destroy()} sends SIGTERM); the
     * exit status 137 = 128 + 9 is checked so a graceful stop cannot pass for a kill.
     *
     * @return {@link System#nanoTime()} once the process is gone
     */
    public long kill(String nodeId) throws InterruptedException {
        Process process = running(nodeId);
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node " + nodeId + " survived SIGKILL for 30 s");
        }
        long gone = System.nanoTime();
        if (process.exitValue() != KILLED_BY_SIGKILL) {
            throw new IllegalStateException("node " + nodeId + " exited with " + process.exitValue()
                    + ", not by SIGKILL (" + KILLED_BY_SIGKILL + ")");
        }
        return gone;
    }

    /** SIGSTOP: the process is frozen (its sockets still accept connections in the kernel, nothing answers). */
    public void pause(String nodeId) throws IOException, InterruptedException {
        signal(nodeId, "STOP");
    }

    /** SIGCONT: a paused process carries on where it stopped. */
    public void resume(String nodeId) throws IOException, InterruptedException {
        signal(nodeId, "CONT");
    }

    private void signal(String nodeId, String signal) throws IOException, InterruptedException {
        Process process = running(nodeId);
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes());
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + output);
        }
    }

    /** The process id of a running node. */
    public long pid(String nodeId) {
        return running(nodeId).pid();
    }

    private Process running(String nodeId) {
        Process process = processes.get(nodeId);
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("node " + nodeId + " is not running");
        }
        return process;
    }

    @Override
    public void close() {
        // SIGKILL also ends a process frozen by SIGSTOP
        processes.values().forEach(Process::destroyForcibly);
        for (Process process : processes.values()) {
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
