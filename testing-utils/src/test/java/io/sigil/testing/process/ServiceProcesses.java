package io.sigil.testing.process;

import io.sigil.devnet.network.DevnetLayout;
import io.sigil.devnet.network.DevnetNode;
import io.sigil.registry.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A laid-out network run as separate JVMs, each started the way the README runs a service: its
 * main class, configured only by {@code SIGIL_*} environment variables. Logs go to
 * {@code <data dir>/service.log}. Closing kills every process.
 */
final class ServiceProcesses implements AutoCloseable {
    private final DevnetLayout layout;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    ServiceProcesses(DevnetLayout layout) {
        this.layout = layout;
    }

    static String mainClass(Role service) {
        return switch (service) {
            case SIGNING_CLIENT -> "io.sigil.node.SigningClientApplication";
            case COMMITTEE_LEADER -> "io.sigil.leader.CommitteeLeaderApplication";
            case COMMUNICATION_MANAGER -> "io.sigil.manager.CommunicationManagerApplication";
        };
    }

    void startAll() throws IOException {
        for (DevnetNode node : layout.nodes()) {
            start(node);
        }
    }

    void start(DevnetNode node) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), mainClass(node.service()));
        Map<String, String> environment = builder.environment();
        environment.put("SIGIL_NODE_ID", node.id());
        environment.put("SIGIL_REGISTRY", layout.registryFile().toString());
        environment.put("SIGIL_DATA_DIR", node.dataDirectory().toString());
        environment.put("SIGIL_PORT", Integer.toString(node.port()));
        if (node.service() != Role.COMMITTEE_LEADER) {
            environment.put("SIGIL_STORE_KEK_KEYSET", node.storeKeyFile().toString());
        }
        builder.redirectErrorStream(true).redirectOutput(node.dataDirectory().resolve("service.log").toFile());
        processes.put(node.id(), builder.start());
    }

    /** Waits until every node answers {@code /health/readiness} with 200, or fails naming the laggards. */
    void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> waiting = new ArrayList<>(processes.keySet());
        while (!waiting.isEmpty()) {
            waiting.removeIf(id -> isReady(http, id));
            for (String id : waiting) {
                if (!processes.get(id).isAlive()) {
                    throw new IllegalStateException("service " + id + " exited with " + processes.get(id).exitValue()
                            + "; see its service.log");
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not ready in time: " + waiting);
            }
            Thread.sleep(200);
        }
    }

    private boolean isReady(HttpClient http, String id) {
        DevnetNode node = layout.nodes().stream().filter(candidate -> candidate.id().equals(id)).findFirst().orElseThrow();
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(node.url() + "/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, as a crashed pod. */
    void kill(String nodeId) throws InterruptedException {
        Process process = processes.get(nodeId);
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroyForcibly);
        for (Process process : processes.values()) {
            try {
                process.waitFor();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
