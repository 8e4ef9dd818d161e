package io.sigil.testing.protocol.bench;

import io.sigil.crypto.feldman.DealtKey;
import io.sigil.crypto.feldman.FeldmanDealer;
import io.sigil.testing.protocol.InMemoryNetwork;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Load-independent companion of {@link SigningBenchmark} (not a test): 2-of-2 signing in one
 * thread, measured by that thread's CPU time and by the bytes it allocates per signature
 * ({@code com.sun.management.ThreadMXBean}), so figures taken on a shared machine can be
 * compared between builds. CPU time still varies a little with contention (caches, frequency);
 * allocation does not. Arguments: {@code [signatures (default 300)] [warm-up (default 300)]}.
 *
 * <p>A second line gives the whole process's CPU time per signature over the same signatures
 * (every thread: the garbage collector's and the JIT's too; a mean, since that clock counts in
 * ticks), the figure to set beside a benchmark that can only measure its process (the WASM builds
 * of testing-utils/wasm-bench).
 */
public final class SigningCpuBenchmark {

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        SecureRandom rng = new SecureRandom();
        InMemoryNetwork network = new InMemoryNetwork(2, rng);
        network.setupPairsAmong(List.of(1, 2));
        DealtKey key = FeldmanDealer.generate(2, 2, rng);
        for (int k = 0; k < warmup; k++) {
            SigningBenchmark.signOnce(network, key, List.of(1, 2));
        }
        long[] cpu = new long[runs];
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long allocatedBefore = threads.getThreadAllocatedBytes(self);
        long processBefore = process.getProcessCpuTime(); // clock-tick resolution: only the total is meaningful
        for (int k = 0; k < runs; k++) {
            long t0 = threads.getCurrentThreadCpuTime();
            SigningBenchmark.signOnce(network, key, List.of(1, 2));
            cpu[k] = threads.getCurrentThreadCpuTime() - t0;
        }
        long processCpu = process.getProcessCpuTime() - processBefore;
        long allocated = threads.getThreadAllocatedBytes(self) - allocatedBefore;
        Arrays.sort(cpu);
        System.out.printf("2-of-2 signing, one thread, all parties: CPU mean %.2f ms, median %.2f ms;"
                        + " allocated %.0f kB per signature (%d signatures after %d warm-up)%n",
                Arrays.stream(cpu).average().orElse(0) / 1e6, cpu[runs / 2] / 1e6,
                allocated / 1024.0 / runs, runs, warmup);
        System.out.printf("whole process, every thread (GC and JIT included): CPU mean %.2f ms per signature%n",
                processCpu / 1e6 / runs);
    }
}
