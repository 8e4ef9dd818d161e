package io.sigil.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of the files a command line names, so a wrong path is reported as such before any work. */
public final class InputFiles {
    private InputFiles() {
    }

    /** {@code path}, when it is a readable regular file; else a usage error naming {@code option}. */
    public static Path readable(String option, Path path) {
        if (Files.isDirectory(path)) {
            throw new UsageException(option + " " + path + " is a directory; give a file");
        }
        if (!Files.exists(path)) {
            throw new UsageException(option + " " + path + ": no such file");
        }
        if (!Files.isReadable(path)) {
            throw new UsageException(option + " " + path + ": permission denied");
        }
        return path;
    }

    /**
     * {@code path} as a file to create or replace: not a directory, and its directory writable
     * (the file is written beside it first, then moved), checked before anything is done that
     * would need the file afterwards.
     */
    public static Path writable(String option, Path path) {
        if (Files.isDirectory(path)) {
            throw new UsageException(option + " " + path + " is a directory; give a file path inside it");
        }
        Path parent = path.toAbsolutePath().getParent();
        Path existing = parent;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)
                || (Files.exists(path) && !Files.isWritable(path))) {
            throw new UsageException(option + " " + path + " cannot be written (check the directory and permissions)");
        }
        return path;
    }
}
