package io.sigil.kvdb;

import java.nio.file.Path;

/** The store directory is already open, by this or another process (RocksDB's LOCK file is held). */
public final class StoreLockedException extends StoreException {
    private final Path directory;

    public StoreLockedException(Path directory, Throwable cause) {
        super("store " + directory + " is already open by another process or another handle in this process"
                + " (its RocksDB LOCK file is held); close the other user first", cause);
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }
}
