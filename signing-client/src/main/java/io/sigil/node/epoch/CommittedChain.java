package io.sigil.node.epoch;

import io.sigil.json.Json;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.StoreBatch;
import io.sigil.node.store.NodeStore;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.RegistryChain;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.epoch.EpochCommit;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry chain up to the last epoch this node committed (docs/keygen.md §3.2 step 4), kept in
 * its encrypted store ({@link NodeStore#META}, key {@value #KEY}) and written in the commit's own
 * batch, so the shards of {@code e+1} and the registry that gives them meaning are never apart.
 * The configured registry file is only where the node started (genesis or {@code e}); at start a
 * stored chain with a later epoch is verified again and runs instead ({@link #resume}).
 */
public final class CommittedChain {
    static final String KEY = "epoch/committed";
    /** The commit message (its readies) that switched the node, kept for peers that missed it. */
    static final String COMMIT_KEY = "epoch/commit";
    private static final Logger LOG = LoggerFactory.getLogger(CommittedChain.class);

    private CommittedChain() {
    }

    static Optional<RegistryChain> load(EncryptedStore store) {
        return store.get(NodeStore.META, key()).map(bytes -> Json.read(new String(bytes, StandardCharsets.UTF_8),
                RegistryChain.class));
    }

    static void save(StoreBatch batch, RegistryChain chain, EpochCommit commit) {
        batch.put(NodeStore.META, key(), Json.write(chain).getBytes(StandardCharsets.UTF_8));
        batch.put(NodeStore.META, COMMIT_KEY.getBytes(StandardCharsets.US_ASCII), Json.writeBytes(commit));
    }

    /** The last commit this node applied, if any: what {@code GET /v1/epoch} shows a node that missed it. */
    static Optional<EpochCommit> lastCommit(EncryptedStore store) {
        return store.get(NodeStore.META, COMMIT_KEY.getBytes(StandardCharsets.US_ASCII))
                .map(bytes -> Json.read(bytes, EpochCommit.class));
    }

    /**
     * At start: runs the stored committed chain when it reaches beyond the configured registry.
     * A chain that does not verify from genesis or does not extend the configured one stops the
     * start, naming why: the store then holds shards of an epoch the node cannot authenticate.
     */
    public static void resume(EncryptedStore store, LocalNode local) {
        Optional<RegistryChain> stored = load(store);
        if (stored.isEmpty() || stored.get().epochs().size() <= local.registryChain().epochs().size()) {
            return;
        }
        Registry running;
        try {
            running = local.adopt(stored.get());
        } catch (IllegalArgumentException refused) {
            throw new IllegalStateException("refusing to start: the epoch this node committed cannot be resumed: "
                    + refused.getMessage());
        }
        LOG.info("running the committed registry of epoch {} from the store{}", running.epoch(),
                local.retired() ? " (this node is retired: that registry leaves it out)" : "");
    }

    private static byte[] key() {
        return KEY.getBytes(StandardCharsets.US_ASCII);
    }
}
