package io.sigil.client.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import io.sigil.json.Json;
import picocli.CommandLine.Option;

/**
 * {@code --network URL}: any signing node of the network. When absent, {@code SIGIL_NETWORK} is
 * used, then the network file a running {@code sigil devnet} writes in its data directory.
 */
public final class NetworkOption {
    public static final String NETWORK_FILE = "network.json";

    /**
     * The content of {@value #NETWORK_FILE}: where the devnet is entered, its registry, the
     * process running it, and its control endpoint with the bearer token that operates it (the
     * file is owner-only).
     */
    public record NetworkFile(String entryUrl, String registry, long pid, String controlUrl, String controlToken) {
        @Override
        public String toString() {
            return "NetworkFile[" + entryUrl + ", pid " + pid + ", control token redacted]";
        }

        /** Reads the network file of the devnet in {@code devnetDirectory}, or says how to start one. */
        public static NetworkFile read(Path devnetDirectory) {
            Path file = devnetDirectory.resolve(NETWORK_FILE);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("no network given and no devnet running in " + devnetDirectory.toAbsolutePath()
                        + ": start one with `sigil devnet`, or pass --network URL (or set SIGIL_NETWORK)");
            }
            try {
                return Json.read(Files.readString(file), NetworkFile.class);
            } catch (IOException | IllegalArgumentException unreadable) {
                throw new IllegalStateException("cannot read " + file + ": it is not a devnet network file");
            }
        }
    }

    @Option(names = "--network", paramLabel = "URL", description = "Base URL of any signing node "
            + "(default: $SIGIL_NETWORK, then the running devnet in .sigil/devnet)")
    String network;

    @Option(names = "--devnet-dir", paramLabel = "DIR", description = "Data directory of the devnet to use "
            + "when no --network is given (default: $SIGIL_DEVNET_DIR, else the nearest .sigil/devnet here or above).")
    Path devnetDirectory;

    public URI resolve() {
        String chosen = network;
        if (chosen == null || chosen.isBlank()) {
            chosen = System.getenv("SIGIL_NETWORK");
        }
        if (chosen == null || chosen.isBlank()) {
            chosen = NetworkFile.read(DevnetDirectory.resolve(devnetDirectory)).entryUrl();
        }
        return NodeUrl.parse("--network", chosen);
    }
}
