package io.sigil.devnet.network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * How a devnet starts on its data directory. By default the devnet laid out there earlier starts
 * again with the same keys, registry, ports and stores (a stopped devnet keeps its users); a
 * directory without one gets a new layout of the plan. {@link #fresh()} replaces whatever is
 * there. In every case the directory is locked first ({@link DevnetLock}), so a second devnet
 * can never overwrite the keys and registry of one that is running.
 */
public final class DevnetLaunch {
    private final Path directory;
    private final DevnetPlan plan;
    private Map<String, Object> overrides = Map.of();
    private boolean fresh;
    private Consumer<DevnetNode> onStarted = node -> { };

    DevnetLaunch(Path directory, DevnetPlan plan) {
        this.directory = directory;
        this.plan = plan;
    }

    /** Configuration added to every node (see {@link Devnet#start(Path, DevnetPlan, Map)}). */
    public DevnetLaunch overrides(Map<String, Object> extra) {
        this.overrides = Map.copyOf(extra);
        return this;
    }

    /** Discard the devnet laid out in the directory (its keys, registry, stores) and lay out a new one. */
    public DevnetLaunch fresh() {
        this.fresh = true;
        return this;
    }

    /** Called (from a starter thread) as each node comes up. */
    public DevnetLaunch onNodeStarted(Consumer<DevnetNode> listener) {
        this.onStarted = listener;
        return this;
    }

    public Devnet start() throws IOException {
        DevnetLock lock = DevnetLock.acquire(directory);
        try {
            return Devnet.start(layout(), lock, overrides, onStarted);
        } catch (IOException | RuntimeException failure) {
            lock.close();
            throw failure;
        }
    }

    private DevnetLayout layout() throws IOException {
        if (fresh) {
            clear();
        } else if (DevnetLayout.exists(directory)) {
            DevnetLayout existing = DevnetLayout.load(directory);
            if (!existing.hasShape(plan)) {
                throw new IOException(directory.toAbsolutePath() + " holds a devnet of another shape (" + describe(existing)
                        + "); start it without shape options, or add --fresh to replace it (its keys and users are lost)");
            }
            return existing;
        }
        return DevnetLayout.create(directory, plan);
    }

    private static String describe(DevnetLayout layout) {
        DevnetPlan own = layout.plan();
        return own.committees() + " committees x " + own.replicas() + " nodes, threshold " + own.threshold() + ", "
                + own.managers() + " manager(s), " + (own.tls() ? "TLS" : "plain http") + ", first port "
                + layout.nodes().getFirst().port();
    }

    /** Removes everything but the lock file this launch holds. */
    private void clear() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals(DevnetLock.LOCK_FILE)) {
                    DataDirectories.deleteRecursively(entry);
                }
            }
        }
    }
}
