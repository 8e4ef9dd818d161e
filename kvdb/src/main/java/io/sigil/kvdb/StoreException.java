package io.sigil.kvdb;

/**
 * Base of every failure the store reports. Messages name directories, namespaces and keys (keys in
 * hex) but never value bytes or key material.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
