package io.sigil.node.sync;

import io.sigil.crypto.dkg.DkgDirectory;
import io.sigil.node.sync.SyncRefusedException.Reason;
import io.sigil.registry.Registry;
import io.sigil.registry.governance.ChainVerificationException;
import io.sigil.registry.governance.ChainVerifier;
import io.sigil.registry.governance.RegistryChain;
import io.sigil.registry.governance.ReplicaOnlyChange;
import io.sigil.wire.WireFields;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The epochs whose catch-up evidence this node accepts (docs/keygen.md §3.8): the running epoch, and
 * every earlier epoch {@code e0} such that each link from {@code e0} to the running epoch in this
 * node's own verified committed chain is an add-replicas change ({@link ReplicaOnlyChange}). Such a
 * change carries every key unchanged (same polynomial, same committee indices), so evidence made in
 * {@code e0} still proves the record; it is checked against the registry of {@code e0} from the
 * chain (signers against the registry they signed in), with {@code e0}'s approval digest. Evidence
 * of an epoch before a link that reshared (a refresh, a removal, a new committee or threshold) is
 * refused: the shards it vouched for are gone.
 */
final class EvidenceEpochs {
    /** One accepted epoch: its registry, its signing nodes and its approval digest (null at genesis). */
    record Epoch(Registry registry, DkgDirectory directory, byte[] approvalDigest) {
    }

    private final Registry running;
    private final Map<Long, Epoch> accepted = new TreeMap<>();
    /** The epoch of the latest link that reshared (0 when every link back to genesis only added replicas). */
    private final long resharedInto;

    private EvidenceEpochs(Registry running, long resharedInto) {
        this.running = running;
        this.resharedInto = resharedInto;
    }

    /** The running epoch alone (its approval digest null at genesis). */
    static EvidenceEpochs runningOnly(Registry registry, byte[] approvalDigest) {
        EvidenceEpochs epochs = new EvidenceEpochs(registry, registry.epoch());
        epochs.accepted.put(registry.epoch(), new Epoch(registry, DkgDirectory.of(registry),
                approvalDigest == null ? null : approvalDigest.clone()));
        return epochs;
    }

    /**
     * From this node's committed chain, whose last registry is {@code running}; a chain that no
     * longer verifies (it did when the node adopted it) leaves the running epoch alone.
     */
    static EvidenceEpochs of(RegistryChain chain, Registry running) {
        List<Registry> registries;
        try {
            registries = ChainVerifier.registries(chain);
        } catch (ChainVerificationException unverifiable) {
            return runningOnly(running, SyncCheck.approvalDigest(chain));
        }
        int last = registries.size() - 1;
        if (registries.get(last).epoch() != running.epoch()) {
            return runningOnly(running, SyncCheck.approvalDigest(chain));
        }
        int first = last;
        while (first > 0 && ReplicaOnlyChange.between(registries.get(first - 1), registries.get(first))) {
            first--;
        }
        EvidenceEpochs epochs = new EvidenceEpochs(running, first == 0 ? 0 : registries.get(first).epoch());
        for (int index = first; index <= last; index++) {
            Registry registry = registries.get(index);
            byte[] digest = index == 0 ? null
                    : HexFormat.of().parseHex(chain.epochs().get(index - 1).approval().documentSha256());
            epochs.accepted.put(registry.epoch(), new Epoch(index == last ? running : registry,
                    DkgDirectory.of(index == last ? running : registry), digest));
        }
        return epochs;
    }

    Registry running() {
        return running;
    }

    /**
     * The epoch evidence of {@code networkId} and {@code epoch} is checked against; refused naming
     * {@code peer} (the replica that served it) when it is not one this node accepts.
     */
    Epoch require(String peer, String name, String networkId, long epoch) throws SyncRefusedException {
        if (!running.networkId().equals(networkId)) {
            throw new SyncRefusedException(peer, Reason.FORGED_EVIDENCE, name + ": evidence of network "
                    + WireFields.printable(String.valueOf(networkId)) + ", not " + running.networkId());
        }
        Epoch found = accepted.get(epoch);
        if (found == null) {
            throw new SyncRefusedException(peer, Reason.FORGED_EVIDENCE, name + ": evidence of epoch " + epoch
                    + " is not of the change to the running epoch " + running.epoch() + " nor of an epoch it only "
                    + "added replicas to" + (epoch < resharedInto ? "; the change to epoch " + resharedInto
                    + " reshared every key, so evidence of an earlier epoch no longer proves a shard" : ""));
        }
        return found;
    }
}
