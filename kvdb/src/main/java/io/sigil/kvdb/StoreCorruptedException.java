package io.sigil.kvdb;

/** The store's files are inconsistent or unreadable (missing keyset, malformed keyset file, RocksDB corruption). */
public final class StoreCorruptedException extends StoreException {
    public StoreCorruptedException(String message) {
        super(message);
    }

    public StoreCorruptedException(String message, Throwable cause) {
        super(message, cause);
    }
}
