package io.sigil.kvdb;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.rocksdb.RocksIterator;

/**
 * Iterates the decrypted entries of one namespace whose keys start with a prefix, in key order,
 * over a consistent snapshot. Must be closed; closing the store closes it too.
 */
public final class StoreScanner implements Iterator<StoreEntry>, AutoCloseable {

    private final EncryptedStore store;
    private final Namespace namespace;
    private final byte[] prefix;
    private final RocksIterator iterator;
    private boolean closed;

    StoreScanner(EncryptedStore store, Namespace namespace, byte[] prefix, RocksIterator iterator) {
        this(store, namespace, prefix, prefix, iterator);
    }

    /** Starts at the first key {@code >= start} (which must itself start with {@code prefix}). */
    StoreScanner(EncryptedStore store, Namespace namespace, byte[] prefix, byte[] start, RocksIterator iterator) {
        this.store = store;
        this.namespace = namespace;
        this.prefix = prefix;
        this.iterator = iterator;
        iterator.seek(start);
    }

    @Override
    public boolean hasNext() {
        return store.withOpenScanner(this, () -> iterator.isValid() && startsWithPrefix(iterator.key()));
    }

    @Override
    public StoreEntry next() {
        return store.withOpenScanner(this, () -> {
            if (!iterator.isValid() || !startsWithPrefix(iterator.key())) {
                throw new NoSuchElementException();
            }
            byte[] key = iterator.key();
            byte[] value = store.decryptStored(namespace, key, iterator.value());
            iterator.next();
            return new StoreEntry(key, value);
        });
    }

    private boolean startsWithPrefix(byte[] key) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        store.closeScanner(this);
    }

    /** Called by the store with its lifecycle lock held. */
    void closeNative() {
        if (!closed) {
            closed = true;
            iterator.close();
        }
    }
}
