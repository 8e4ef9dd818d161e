package io.sigil.kvdb;

/** Outcome of {@link EncryptedStore#compareAndPut}. */
public enum PutResult {
    /** The key was absent; the value is now stored. */
    STORED,
    /** The key already held exactly this value (an idempotent replay); nothing was written. */
    IDENTICAL,
    /** The key holds a different value; nothing was written. */
    CONFLICT
}
