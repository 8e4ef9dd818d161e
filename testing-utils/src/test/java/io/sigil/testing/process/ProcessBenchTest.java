package io.sigil.testing.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigil.json.Json;
import io.sigil.testing.cli.CommandRun;
import org.junit.jupiter.api.Test;

/**
 * {@code sigil bench --processes}: the devnet's ten services start as ten JVMs (loopback, free
 * ports, a temporary directory), a user registers, the clients sign, and the report gives every
 * service's own resident memory, read from its process.
 */
class ProcessBenchTest {

    @Test
    void aDevnetInSeparateProcessesRegistersAndSignsAndReportsEachServicesMemory() throws Exception {
        CommandRun bench = CommandRun.of("bench", "--processes", "--service-jvm-options",
                "-Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1", "--users", "1", "--clients", "2",
                "--requests", "2", "--timeout", "120", "--json");

        assertThat(bench.exitCode()).as(bench.out() + bench.err()).isZero();
        var report = Json.mapper().readTree(bench.out());
        assertThat(report.get("signatures").asInt()).isEqualTo(4);
        assertThat(report.get("failed").asInt()).isZero();
        assertThat(report.get("network").asString()).contains("10 JVMs");
        var services = report.get("memory").get("services");
        assertThat(services.size()).isEqualTo(10);
        for (String node : new String[] {"node-1a", "node-3b", "leader-2", "manager-1"}) {
            double peak = services.get(node).get("peakRssMiB").asDouble();
            // a JVM of its own: more than nothing, far less than the bench JVM's 2 GiB heap
            assertThat(peak).as(node).isGreaterThan(32.0).isLessThan(1024.0);
        }
        assertThat(report.get("memory").get("signingNodePeakRssMiBMax").asDouble()).isGreaterThan(32.0);
        assertThat(report.get("cpu").get("scope").asString()).contains("every service's JVM");
        assertThat(report.get("cpu").get("millisPerSignature").asDouble()).isGreaterThan(0.0);
    }

    @Test
    void processesAreRefusedWithAnotherNetwork() {
        CommandRun refused = CommandRun.of("bench", "--processes", "--network", "http://127.0.0.1:1", "--pin", "pin.json");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("--processes starts its own devnet");
    }
}
