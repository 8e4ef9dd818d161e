package io.sigil.node.store;

import io.micronaut.context.BeanContext;
import io.micronaut.context.annotation.Value;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.kvdb.StoreOptions;
import io.sigil.kvdb.keys.MasterKeySettings;
import io.sigil.service.node.LocalNode;
import io.sigil.service.node.StoreReopenGuard;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * The node's encrypted store ({@code <data-dir>/store}), opened once at start-up and closed with
 * the context. Everything a node must not lose lives here: key shards, deletion tombstones,
 * pairwise DKLs23 state and the used-session log (which must be restored together, spec §1.5),
 * finished signatures, and each key's signing policy and counters.
 */
@Singleton
public final class NodeStore implements AutoCloseable {
    /** Key records by {@code userId/keyId}. */
    public static final Namespace KEYS = Namespace.of("keys");
    /** Tombstones of deleted keys, so an old bundle replayed by a leader cannot bring a key back. */
    public static final Namespace DELETED_KEYS = Namespace.of("deleted-keys");
    /** Pairwise setup state by peer node id. */
    public static final Namespace PAIRS = Namespace.of("pairs");
    /** Used {@code sign_sid}s until their expiry. */
    public static final Namespace USED_SESSIONS = Namespace.of("used-sessions");
    /** Final signatures by request id. */
    public static final Namespace SIGNATURES = Namespace.of("signatures");
    /** Signing policies by {@code userId/keyId} (docs/policies.md). */
    public static final Namespace POLICIES = Namespace.of("policies");
    /** Per-key signing counters of the last day, by {@code userId/keyId}. */
    public static final Namespace POLICY_COUNTERS = Namespace.of("policy-counters");
    /** The node's own bookkeeping (e.g. the end of a restore window). */
    public static final Namespace META = Namespace.of("meta");

    /**
     * Network keys generated but not yet activated (keygen §2.5 step 7), by {@code userId/keyId}; never
     * used to sign, deleted on activation, on a newer attempt, or after {@code PendingKeys#LIFETIME}.
     */
    public static final Namespace PENDING_KEYS = Namespace.of("pending-keys");

    /**
     * Why each ACTIVE key is held, by {@code userId/keyId} (keygen §3.7): a network key's ack set,
     * a dealt key's signed bundle ({@code io.sigil.wire.sync.KeyEvidence} as JSON), written with
     * the record; what a replica that missed the key checks before it stores the key too.
     */
    public static final Namespace KEY_EVIDENCE = Namespace.of("key-evidence");

    /**
     * Keys reshared to epoch {@code e+1} and not yet committed (keygen §3.4 step 5), by
     * {@code userId/keyId}: never used to sign; deleted with the proposal on an abort.
     */
    public static final Namespace RESHARE_PENDING = Namespace.of("reshare-pending");

    /**
     * The per-key catch-up evidence of a pending reshared key ({@code io.sigil.wire.sync.ReshareKeyEvidence}
     * as JSON), by {@code userId/keyId}, written with its {@link #RESHARE_PENDING} record; moved to
     * {@link #KEY_EVIDENCE} at commit.
     */
    public static final Namespace RESHARE_PENDING_EVIDENCE = Namespace.of("reshare-pending-evidence");

    /**
     * The shared evidence of a reshare batch ({@code io.sigil.wire.sync.ReshareBatchEvidence} as JSON),
     * by batch digest: before the commit (every attempt this node was sent the acks of), and
     * {@link #RESHARE_EVIDENCE} after it (only the batches a committed key names).
     */
    public static final Namespace RESHARE_PENDING_BATCHES = Namespace.of("reshare-pending-batches");
    public static final Namespace RESHARE_EVIDENCE = Namespace.of("reshare-evidence");

    /** Every namespace of a node's store (a store is opened with all of them, e.g. by a tool or a test). */
    public static final java.util.List<Namespace> NAMESPACES = java.util.List.of(KEYS, DELETED_KEYS, PAIRS,
            USED_SESSIONS, SIGNATURES, POLICIES, POLICY_COUNTERS, META, PENDING_KEYS, KEY_EVIDENCE, RESHARE_PENDING,
            RESHARE_PENDING_EVIDENCE, RESHARE_PENDING_BATCHES, RESHARE_EVIDENCE);

    private final BeanContext context;
    private final EncryptedStore store;
    private final long sequenceAtOpen;

    NodeStore(BeanContext context, LocalNode node,
              @Value("${sigil.store.kek-keyset:}") String kekKeyset,
              @Value("${sigil.store.passphrase-file:}") String passphraseFile,
              @Value("${sigil.store.passphrase-env:}") String passphraseVariable) {
        StoreReopenGuard.beforeOpen(context, "node");
        this.context = context;
        this.store = EncryptedStore.open(StoreOptions.of(node.dataDirectory().resolve("store"),
                MasterKeySettings.resolve(kekKeyset, passphraseFile, passphraseVariable),
                NAMESPACES.toArray(Namespace[]::new)));
        this.sequenceAtOpen = store.sequenceNumber();
        // the store says which epoch its shards belong to: a committed epoch change runs from here on (reads only)
        io.sigil.node.epoch.CommittedChain.resume(store, node);
    }

    public EncryptedStore store() {
        return store;
    }

    /**
     * The store's sequence number as opened, before any start-up code wrote to it: what a restore
     * check must compare, since writes made at start would otherwise lift a restored store back
     * above its watermark (StoreWatermark).
     */
    public long sequenceAtOpen() {
        return sequenceAtOpen;
    }

    @PreDestroy
    @Override
    public void close() {
        StoreReopenGuard.closing(context);
        store.close();
    }
}
