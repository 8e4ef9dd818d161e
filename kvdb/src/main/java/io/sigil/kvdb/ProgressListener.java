package io.sigil.kvdb;

/** Progress of a {@link EncryptedStore#rekey rekey}, reported after each synced batch. */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param namespace namespace being re-encrypted
     * @param scanned values examined so far (all namespaces)
     * @param rewritten values re-encrypted so far (all namespaces)
     */
    void batchCommitted(Namespace namespace, long scanned, long rewritten);

    ProgressListener NONE = (namespace, scanned, rewritten) -> {};
}
