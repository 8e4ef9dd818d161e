package io.sigil.wire.epoch;

import io.sigil.crypto.reshare.EpochReady;
import io.sigil.identity.PeerKeys;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.wire.WireFields;
import io.sigil.wire.reshare.SignedReady;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code commit {e+1, readies}} (docs/keygen.md §3.2 step 4): the manager forwards to every node of
 * {@code e} and {@code e+1} the readies of the nodes of {@code e+1}, for the proposal named by
 * {@code documentSha256}. What authorises the switch is the readies, each signed by its node, never
 * the manager: {@link #verify} is what every node (and the manager, before it sends) checks.
 */
public record EpochCommit(String networkId, long epoch, String documentSha256, List<SignedReady> readies) {

    public EpochCommit {
        readies = List.copyOf(readies == null ? List.of() : readies);
    }

    /** Why a commit is refused, as the {@code reason} of the node's signed answer. */
    public static final class RefusedException extends Exception {
        private final String reason;

        RefusedException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        /** {@code ready-missing}, {@code ready-invalid}, {@code readies-disagree}, {@code wrong-epoch}, {@code wrong-network-id}. */
        public String reason() {
            return reason;
        }
    }

    /** The {@code K} and {@code K'} every ready of a verified commit names. */
    public record KeySets(byte[] keySet, byte[] newKeySet) {
    }

    /**
     * Checks that every signing node of {@code next} sent exactly one ready, signed with its
     * registered identity key over {@code EpochReady.digest(N, e+1, K, K')}, all on the same
     * {@code K} and {@code K'}, and that nothing else is in the list (a non-member's ready names
     * it). The "one node per committee after the operator's deadline" rule of the specification is
     * not accepted here: every node must be ready.
     */
    public KeySets verify(Registry next) throws RefusedException {
        if (!next.networkId().equals(networkId)) {
            throw new RefusedException("wrong-network-id", "the commit is for network " + networkId);
        }
        if (epoch != next.epoch()) {
            throw new RefusedException("wrong-epoch", "the commit names epoch " + epoch + ", the proposal is epoch "
                    + next.epoch());
        }
        byte[] keySet = null;
        byte[] newKeySet = null;
        Set<String> seen = new HashSet<>();
        for (SignedReady ready : readies) {
            NodeEntry node = ready == null || ready.nodeId() == null ? null : next.node(ready.nodeId())
                    .filter(found -> found.hasRole(Role.SIGNING_CLIENT)).orElse(null);
            if (node == null) {
                throw new RefusedException("ready-invalid", "a ready is not from a signing node of epoch " + epoch
                        + (ready == null ? "" : ": " + ready.nodeId()));
            }
            if (!seen.add(node.id())) {
                throw new RefusedException("ready-invalid", "two readies from " + node.id());
            }
            byte[] mine;
            byte[] mineNew;
            byte[] signature;
            try {
                mine = WireFields.hex("keySet", ready.keySet(), 32);
                mineNew = WireFields.hex("newKeySet", ready.newKeySet(), 32);
                signature = WireFields.hex("signature", ready.signature(), 64);
            } catch (IllegalArgumentException malformed) {
                throw new RefusedException("ready-invalid", "the ready of " + node.id() + " is malformed: "
                        + malformed.getMessage());
            }
            if (ready.epoch() != epoch) {
                throw new RefusedException("ready-invalid", "the ready of " + node.id() + " names epoch " + ready.epoch());
            }
            byte[] digest = EpochReady.digest(networkId, epoch, mine, mineNew);
            if (!PeerKeys.of(node).verifies(digest, signature)) {
                throw new RefusedException("ready-invalid", "the ready of " + node.id()
                        + " is not signed by it over its K and K'");
            }
            if (keySet == null) {
                keySet = mine;
                newKeySet = mineNew;
            } else if (!MessageDigest.isEqual(keySet, mine) || !MessageDigest.isEqual(newKeySet, mineNew)) {
                throw new RefusedException("readies-disagree", "the ready of " + node.id()
                        + " names other key sets than the first ready");
            }
        }
        List<String> missing = next.nodesWithRole(Role.SIGNING_CLIENT).stream().map(NodeEntry::id)
                .filter(id -> !seen.contains(id)).toList();
        if (!missing.isEmpty() || keySet == null) {
            throw new RefusedException("ready-missing", "no ready from " + missing);
        }
        return new KeySets(keySet, newKeySet);
    }
}
