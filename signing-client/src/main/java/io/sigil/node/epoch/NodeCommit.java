package io.sigil.node.epoch;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.reshare.EpochReady;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.kvdb.StoreBatch;
import io.sigil.kvdb.StoreEntry;
import io.sigil.kvdb.StoreScanner;
import io.sigil.node.pairing.StoredPairStates;
import io.sigil.node.reshare.PendingReshares;
import io.sigil.node.reshare.ReshareEvidenceKept;
import io.sigil.node.store.NodeStore;
import io.sigil.node.user.KeyRecord;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.registry.governance.RegistryChain;
import io.sigil.registry.governance.ReplicaOnlyChange;
import io.sigil.service.node.LocalNode;
import io.sigil.wire.epoch.EpochAnswer;
import io.sigil.wire.epoch.EpochCommit;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's commit of an epoch change (docs/keygen.md §3.2 step 4). It believes the readies, not
 * the manager: every signing node of {@code e+1} must have signed {@code ready} over the same
 * {@code K} and {@code K'} ({@link EpochCommit#verify}); as a node of {@code e} it recomputes
 * {@code K} over its own ACTIVE keys, and as a node of {@code e+1} both {@code K} and {@code K'}
 * over its own pending records. Then, in one store batch: the pending records of {@code e+1}
 * replace the ACTIVE records of {@code e} (a node the new registry leaves out deletes every shard
 * and every pair), the activation evidence of {@code e} goes (it no longer matches any shard) and the
 * reshare evidence kept for {@code e+1} takes its place, the
 * committed chain is stored and the proposal deleted. Only after the batch does the node run
 * registry {@code e+1} ({@link LocalNode#adopt}). A second commit of the same epoch is answered
 * {@code already-committed}.
 */
@Singleton
public final class NodeCommit {
    private static final Logger LOG = LoggerFactory.getLogger(NodeCommit.class);
    /** The answer's reason for a node of {@code e+1}, and for a node the new registry leaves out. */
    static final String COMMITTED = "committed";
    static final String RETIRED = "retired";
    /** The shard-bearing namespaces of epoch {@code e} a commit empties. */
    private static final List<Namespace> OLD_EPOCH = List.of(NodeStore.KEYS, NodeStore.KEY_EVIDENCE,
            NodeStore.PENDING_KEYS, NodeStore.RESHARE_PENDING, NodeStore.RESHARE_EVIDENCE,
            NodeStore.RESHARE_PENDING_EVIDENCE, NodeStore.RESHARE_PENDING_BATCHES);

    /** What an add-replicas change keeps of those: the records, their evidence and the batches it names. */
    private static final java.util.Set<Namespace> CARRIED = java.util.Set.of(NodeStore.KEYS, NodeStore.KEY_EVIDENCE,
            NodeStore.RESHARE_EVIDENCE);

    private final LocalNode local;
    private final NodeEpoch epoch;
    private final EncryptedStore store;
    private final StoredPairStates pairs;

    private final ApplicationEventPublisher<EpochCommitted> committedEvents;

    NodeCommit(LocalNode local, NodeEpoch epoch, NodeStore store, StoredPairStates pairs,
               ApplicationEventPublisher<EpochCommitted> committedEvents) {
        this.local = local;
        this.epoch = epoch;
        this.store = store.store();
        this.pairs = pairs;
        this.committedEvents = committedEvents;
    }

    /** What a commit did, for the log and the answer. */
    private record Outcome(EpochAnswer answer, boolean committed) {
    }

    /** Verifies {@code message} and switches to its epoch; the signed answer says why not. */
    EpochAnswer commit(EpochCommit message) {
        String sha256 = String.valueOf(message.documentSha256()).toLowerCase(java.util.Locale.ROOT);
        return epoch.commitUnderLock(held -> commit(message, sha256, held), Outcome::committed).answer();
    }

    private Outcome commit(EpochCommit message, String sha256, Optional<NodeEpoch.Held> held) {
        Optional<RegistryChain> committed = CommittedChain.load(store);
        if (committed.isPresent() && held.isEmpty() && committedEpoch(committed.get()) == message.epoch()
                && sha256.equals(committedSha256(committed.get()))) {
            return refused(message, sha256, true, "already-committed", "epoch " + message.epoch()
                    + " is already committed on this node");
        }
        if (held.isEmpty()) {
            return refused(message, sha256, false, "nothing-open", "no proposal is open on node " + local.id());
        }
        NodeEpoch.Held proposal = held.get();
        if (!proposal.documentSha256().equals(sha256)) {
            return refused(message, sha256, false, "another-proposal-open", "the open proposal is "
                    + proposal.documentSha256() + ", the commit names another registry");
        }
        Registry next = proposal.next();
        EpochCommit.KeySets sets;
        try {
            sets = message.verify(local.registry(), next, epoch.now());
        } catch (EpochCommit.RefusedException refused) {
            return refused(message, sha256, false, refused.reason(), refused.getMessage());
        }
        boolean inOld = !local.joining() && local.registry().node(local.id()).isPresent();
        boolean inNext = next.node(local.id()).filter(node -> node.hasRole(Role.SIGNING_CLIENT)).isPresent();
        if (ReplicaOnlyChange.between(local.registry(), next)) {
            return commitCarried(message, sha256, proposal, sets, inOld);
        }
        if (inOld && !MessageDigest.isEqual(activeKeySet(), sets.keySet())) {
            return refused(message, sha256, false, "key-set-mismatch", "the readies' K is not the key set of node "
                    + local.id() + "'s ACTIVE keys of epoch " + local.registry().epoch());
        }
        Map<String, PendingReshares.Stored> pending = inNext ? pending(next.epoch()) : Map.of();
        try {
            boolean unready = sets.notReady().contains(local.id());
            if (inNext && !matchesPending(pending, sets)) {
                if (!unready) {
                    return refused(message, sha256, false, "pending-mismatch", "the readies' K and K' are not node "
                            + local.id() + "'s pending keys of epoch " + next.epoch());
                }
                // committed after the operator's deadline without this node's ready: its committee's
                // ready replicas hold the keys; it switches without them and catches up (keygen §3.7)
                LOG.warn("the commit of epoch {} (after the operator's deadline, without this node's ready) names other "
                        + "keys than this node's {} pending record(s): it switches without them", next.epoch(),
                        pending.size());
                pending.values().forEach(stored -> stored.record().destroy());
                pending = Map.of();
            }
            RegistryChain chain = local.registryChain().then(proposal.registryBytes(), proposal.approval());
            List<String> droppedPairs = switchStore(chain, message, next, inNext, pending);
            local.adopt(chain);
            pairs.forgetCommitted(droppedPairs);
            LOG.info("committed epoch {} (registry sha256 {}): {} key(s) ACTIVE, {}", next.epoch(), sha256,
                    pending.size(), inNext ? "running the new registry" : "retired: every shard deleted");
            if (inNext) {
                committedEvents.publishEvent(new EpochCommitted(next.epoch()));
            }
            return new Outcome(epoch.signedAnswer(EpochAnswer.COMMIT, message.epoch(), sha256, true,
                    inNext ? COMMITTED : RETIRED, inNext ? pending.size() + " key(s) active in epoch " + next.epoch()
                            : "every shard deleted; this node does no protocol work"), true);
        } finally {
            pending.values().forEach(stored -> stored.record().destroy());
        }
    }

    /**
     * The commit of an add-replicas change (docs/keygen.md §3.8): nothing was reshared, so a node of
     * {@code e} keeps every ACTIVE record (same polynomial, same committee index: every shard stays
     * valid) with its catch-up evidence of the epoch it was made in, after checking that the readies'
     * {@code K} and {@code K'} are those of its own ACTIVE keys ({@link CarriedKeys}); a replica new in
     * {@code e+1} holds nothing to compare and fetches its committee's keys by catch-up once it
     * runs {@code e+1} (the {@link EpochCommitted} event). No node is retired and no pair dropped.
     */
    private Outcome commitCarried(EpochCommit message, String sha256, NodeEpoch.Held proposal,
                                  EpochCommit.KeySets sets, boolean inOld) {
        Registry next = proposal.next();
        long keys = 0;
        if (inOld) {
            CarriedKeys.Sets mine = CarriedKeys.of(store);
            if (!MessageDigest.isEqual(mine.keySet(), sets.keySet())
                    || !MessageDigest.isEqual(mine.newKeySet(), sets.newKeySet())) {
                return refused(message, sha256, false, "key-set-mismatch", "the readies' K and K' are not those of"
                        + " node " + local.id() + "'s ACTIVE keys of epoch " + local.registry().epoch()
                        + ", which an add-replicas change carries");
            }
            keys = mine.keys();
        }
        RegistryChain chain = local.registryChain().then(proposal.registryBytes(), proposal.approval());
        StoreBatch batch = store.batch();
        for (Namespace namespace : OLD_EPOCH) {
            if (!CARRIED.contains(namespace)) {
                keys(namespace).forEach(key -> batch.delete(namespace, key));
            }
        }
        CommittedChain.save(batch, chain, message);
        StoredProposal.delete(batch);
        batch.commit();
        local.adopt(chain);
        LOG.info("committed epoch {} (registry sha256 {}), an add-replicas change: {}", next.epoch(), sha256, inOld
                ? keys + " key(s) carried unchanged" : "a new replica; it fetches its committee's keys by catch-up");
        committedEvents.publishEvent(new EpochCommitted(next.epoch()));
        return new Outcome(epoch.signedAnswer(EpochAnswer.COMMIT, message.epoch(), sha256, true, COMMITTED, inOld
                ? keys + " key(s) carried unchanged into epoch " + next.epoch()
                : "new replica of epoch " + next.epoch() + ": its keys come by catch-up"), true);
    }

    /** The one batch of the switch; returns the peers whose pair state it deleted. */
    private List<String> switchStore(RegistryChain chain, EpochCommit message, Registry next, boolean inNext,
                                     Map<String, PendingReshares.Stored> pending) {
        StoreBatch batch = store.batch();
        for (Namespace namespace : OLD_EPOCH) {
            keys(namespace).forEach(key -> batch.delete(namespace, key));
        }
        for (Map.Entry<String, PendingReshares.Stored> key : pending.entrySet()) {
            byte[] encoded = key.getValue().record().encode();
            batch.put(NodeStore.KEYS, key.getKey().getBytes(StandardCharsets.UTF_8), encoded);
            Arrays.fill(encoded, (byte) 0); // the batch holds its own copy
        }
        ReshareEvidenceKept.carry(store, batch, pending.keySet()); // the catch-up evidence of e+1 (keygen §3.7)
        List<String> droppedPairs = new ArrayList<>();
        for (byte[] peer : keys(NodeStore.PAIRS)) {
            String peerId = new String(peer, StandardCharsets.UTF_8);
            if (!inNext || next.node(peerId).filter(node -> node.hasRole(Role.SIGNING_CLIENT)).isEmpty()) {
                batch.delete(NodeStore.PAIRS, peer);
                droppedPairs.add(peerId);
            }
        }
        CommittedChain.save(batch, chain, message);
        StoredProposal.delete(batch);
        batch.commit();
        return droppedPairs;
    }

    /** {@code K} over this node's ACTIVE keys. */
    private byte[] activeKeySet() {
        Map<String, Point> keys = new TreeMap<>();
        ActiveKeys.forEach(store, (name, record) -> keys.put(name, record.publicKey()));
        return EpochReady.keySet(keys);
    }

    /** This node's pending records of {@code newEpoch}, by {@code userId/keyId}. */
    private Map<String, PendingReshares.Stored> pending(long newEpoch) {
        SortedMap<String, PendingReshares.Stored> found = new TreeMap<>();
        try (StoreScanner scanner = store.scanner(NodeStore.RESHARE_PENDING, new byte[0])) {
            while (scanner.hasNext()) {
                StoreEntry entry = scanner.next();
                byte[] value = entry.value();
                PendingReshares.Stored stored = PendingReshares.Stored.decode(value);
                Arrays.fill(value, (byte) 0);
                if (stored.epoch() == newEpoch) {
                    found.put(new String(entry.key(), StandardCharsets.UTF_8), stored);
                } else {
                    stored.record().destroy();
                }
            }
        }
        return found;
    }

    private static boolean matchesPending(Map<String, PendingReshares.Stored> pending, EpochCommit.KeySets sets) {
        Map<String, EpochReady.KeyEntry> entries = new TreeMap<>();
        pending.forEach((name, stored) -> entries.put(name, new EpochReady.KeyEntry(stored.record().publicKey(),
                stored.transcriptHash())));
        byte[][] mine = EpochReady.keySets(entries);
        return MessageDigest.isEqual(mine[0], sets.keySet()) && MessageDigest.isEqual(mine[1], sets.newKeySet());
    }

    private List<byte[]> keys(Namespace namespace) {
        List<byte[]> keys = new ArrayList<>();
        try (StoreScanner scanner = store.scanner(namespace, new byte[0])) {
            while (scanner.hasNext()) {
                StoreEntry entry = scanner.next();
                Arrays.fill(entry.value(), (byte) 0);
                keys.add(entry.key());
            }
        }
        return keys;
    }

    private static long committedEpoch(RegistryChain chain) {
        return chain.epochs().isEmpty() ? 1 : chain.epochs().getLast().approval().epoch();
    }

    private static String committedSha256(RegistryChain chain) {
        return chain.epochs().isEmpty() ? "" : chain.epochs().getLast().approval().documentSha256()
                .toLowerCase(java.util.Locale.ROOT);
    }

    private Outcome refused(EpochCommit message, String sha256, boolean accepted, String reason, String detail) {
        if (!accepted) {
            LOG.warn("refused the commit of epoch {}: {} ({})", message.epoch(), reason, detail);
        }
        return new Outcome(epoch.signedAnswer(EpochAnswer.COMMIT, message.epoch(), sha256, accepted, reason, detail),
                false);
    }
}
