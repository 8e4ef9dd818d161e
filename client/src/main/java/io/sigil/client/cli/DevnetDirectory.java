package io.sigil.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the local devnet lives, so that {@code sigil devnet} and every command that talks to it
 * agree from any directory: the directory given on the command line, else
 * {@code $SIGIL_DEVNET_DIR} ({@code ./sigil} sets it to the checkout's own {@code .sigil/devnet}
 * when unset), else the nearest {@code .sigil/devnet} in the current directory or one of its
 * parents, else {@code .sigil/devnet} here.
 */
public final class DevnetDirectory {
    public static final String ENVIRONMENT_VARIABLE = "SIGIL_DEVNET_DIR";
    static final Path RELATIVE = Path.of(".sigil", "devnet");

    private DevnetDirectory() {
    }

    public static Path resolve(Path explicit) {
        if (explicit != null) {
            return explicit;
        }
        String fromEnvironment = System.getenv(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isDirectory(directory.resolve(RELATIVE))) {
                return directory.resolve(RELATIVE);
            }
        }
        return RELATIVE;
    }
}
