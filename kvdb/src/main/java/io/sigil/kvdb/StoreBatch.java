package io.sigil.kvdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Puts and deletes committed atomically: after a crash either all of them are visible or none.
 * Obtain with {@link EncryptedStore#batch()}; values are copied when added.
 */
public final class StoreBatch {

    record Operation(Namespace namespace, byte[] key, byte[] value) {
        boolean isDelete() {
            return value == null;
        }
    }

    private final EncryptedStore store;
    private final List<Operation> operations = new ArrayList<>();
    private boolean committed;

    StoreBatch(EncryptedStore store) {
        this.store = store;
    }

    public StoreBatch put(Namespace namespace, byte[] key, byte[] value) {
        EncryptedStore.checkKey(key);
        operations.add(new Operation(Objects.requireNonNull(namespace, "namespace"), key.clone(),
                Objects.requireNonNull(value, "value").clone()));
        return this;
    }

    public StoreBatch delete(Namespace namespace, byte[] key) {
        EncryptedStore.checkKey(key);
        operations.add(new Operation(Objects.requireNonNull(namespace, "namespace"), key.clone(), null));
        return this;
    }

    public int size() {
        return operations.size();
    }

    /** Writes every operation in one synced RocksDB write batch. A batch commits at most once. */
    public void commit() {
        if (committed) {
            throw new IllegalStateException("batch already committed");
        }
        committed = true;
        store.commit(List.copyOf(operations));
        for (Operation operation : operations) {
            if (operation.value() != null) {
                java.util.Arrays.fill(operation.value(), (byte) 0);
            }
        }
    }
}
