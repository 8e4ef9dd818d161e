package io.sigil.devnet.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/** What {@code sigil devnet --processes} and {@code sigil bench --processes} share (a picocli mixin). */
final class ProcessDevnetOptions {
    /**
     * A small heap for each service's JVM with the serial collector (no collector threads per JVM on
     * a small machine); the JIT keeps all its tiers, since the curve arithmetic is what a node spends
     * its CPU on. A signing node under 32 clients keeps about 35 MB live (heap after a full
     * collection), but in a long run every page of its heap becomes resident: at 192 MB its RSS
     * reached 385–401 MiB, at 144 MB with a 64 MB young generation 331–340 MiB
     * (docs/performance.md, "Separate JVMs").
     */
    static final String DEFAULT_JVM_OPTIONS = "-Xmx144m -Xmn64m -XX:+UseSerialGC";
    /** Ten JVMs starting together on two cores take tens of seconds. */
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    @Option(names = "--service-jvm-options", paramLabel = "OPTIONS", defaultValue = DEFAULT_JVM_OPTIONS,
            description = "With --processes: the JVM options of every service (default: ${DEFAULT-VALUE}).")
    String serviceJvmOptions;

    /** The service JVM options, one per element. */
    List<String> jvmOptions() {
        return Arrays.stream(serviceJvmOptions.trim().split("\\s+")).filter(option -> !option.isEmpty()).toList();
    }
}
