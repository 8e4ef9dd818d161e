package io.sigil.devnet.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The resident memory of a process as Linux reports it in {@code /proc/<pid>/status}: {@code VmRSS}
 * now and {@code VmHWM}, the peak since the process started. What a container's memory limit is
 * measured against, unlike the JVM's heap figures. Empty where there is no {@code /proc} (not Linux)
 * or the process is gone.
 */
public record ProcessMemory(long rssKiB, long peakRssKiB) {

    public static Optional<ProcessMemory> of(long pid) {
        return parse(Path.of("/proc", Long.toString(pid), "status"));
    }

    static Optional<ProcessMemory> parse(Path status) {
        String text;
        try {
            text = Files.readString(status);
        } catch (IOException gone) {
            return Optional.empty();
        }
        long rss = -1;
        long peak = -1;
        for (String line : text.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kiB(line);
            } else if (line.startsWith("VmHWM:")) {
                peak = kiB(line);
            }
        }
        return rss < 0 || peak < 0 ? Optional.empty() : Optional.of(new ProcessMemory(rss, peak));
    }

    /** {@code "VmRSS:\t  123456 kB"} -> 123456. */
    private static long kiB(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]);
    }

    public double rssMiB() {
        return rssKiB / 1024.0;
    }

    public double peakRssMiB() {
        return peakRssKiB / 1024.0;
    }
}
