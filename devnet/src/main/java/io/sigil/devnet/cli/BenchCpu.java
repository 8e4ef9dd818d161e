package io.sigil.devnet.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time spent while the bench measured: the bench's own JVM plus, with {@code --processes}, every
 * service's JVM. Per signature it stays comparable on a machine that other work shares, where
 * signatures per second and latency do not.
 */
final class BenchCpu {
    private final String scope;
    private final List<Long> pids;
    private final long startNanos;

    private BenchCpu(String scope, List<Long> pids) {
        this.scope = scope;
        this.pids = pids;
        this.startNanos = totalNanos(pids);
    }

    /** Starts counting for the given processes (the bench's own JVM first). */
    static BenchCpu start(String scope, List<Long> pids) {
        return new BenchCpu(scope, pids);
    }

    /** The report: CPU milliseconds per signature and cores kept busy, over {@code elapsedNanos}. */
    Map<String, Object> report(int signatures, long elapsedNanos) {
        long spent = totalNanos(pids) - startNanos;
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("scope", scope);
        cpu.put("millisPerSignature", signatures == 0 ? null : round(spent / 1e6 / signatures));
        cpu.put("coresBusy", elapsedNanos == 0 ? null : round((double) spent / elapsedNanos));
        return cpu;
    }

    private static long totalNanos(List<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            total += ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration())
                    .map(Duration::toNanos).orElse(0L);
        }
        return total;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
