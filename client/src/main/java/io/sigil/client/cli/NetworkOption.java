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
    /** Where {@code sigil devnet} records its entry URL by default. */
    public static final Path DEFAULT_DEVNET_DIRECTORY = Path.of(".sigil", "devnet");
    public static final String NETWORK_FILE = "network.json";

    /** The content of {@value #NETWORK_FILE}. */
    public record NetworkFile(String entryUrl, String registry, long pid) {
    }

    @Option(names = "--network", paramLabel = "URL", description = "Base URL of any signing node "
            + "(default: $SIGIL_NETWORK, then the running devnet in .sigil/devnet)")
    String network;

    @Option(names = "--devnet-dir", paramLabel = "DIR", description = "Data directory of the devnet to use "
            + "when no --network is given (default: .sigil/devnet)")
    Path devnetDirectory = DEFAULT_DEVNET_DIRECTORY;

    public URI resolve() {
        String chosen = network;
        if (chosen == null || chosen.isBlank()) {
            chosen = System.getenv("SIGIL_NETWORK");
        }
        if (chosen == null || chosen.isBlank()) {
            Path file = devnetDirectory.resolve(NETWORK_FILE);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no network given: pass --network URL, set SIGIL_NETWORK, "
                        + "or start one with `sigil devnet` (no " + file + " found)");
            }
            try {
                chosen = Json.read(Files.readString(file), NetworkFile.class).entryUrl();
            } catch (IOException | IllegalArgumentException unreadable) {
                throw new IllegalArgumentException("cannot read " + file + ": " + unreadable.getMessage());
            }
        }
        URI uri = URI.create(chosen.endsWith("/") ? chosen.substring(0, chosen.length() - 1) : chosen);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("--network must be an http(s) URL such as http://127.0.0.1:7100");
        }
        return uri;
    }
}
