package io.sigil.wire.epoch;

import io.sigil.crypto.reshare.EpochReady;
import io.sigil.identity.PeerKeys;
import io.sigil.registry.NodeEntry;
import io.sigil.registry.Registry;
import io.sigil.registry.Role;
import io.sigil.registry.governance.EpochDeadline;
import io.sigil.wire.WireFields;
import io.sigil.wire.reshare.SignedReady;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code commit {e+1, readies}} (docs/keygen.md §3.2 step 4): the manager forwards to every node of
 * {@code e} and {@code e+1} the readies of the nodes of {@code e+1}, for the proposal named by
 * {@code documentSha256}. What authorises the switch is the readies, each signed by its node, never
 * the manager: {@link #verify} is what every node (and the manager, before it sends) checks.
 * {@code deadline} (optional) is an operator's {@link EpochDeadline}: once it has passed, by the
 * clock of whoever verifies, a ready from at least one node of every committee is enough.
 */
public record EpochCommit(String networkId, long epoch, String documentSha256, List<SignedReady> readies,
                          EpochDeadline deadline) {

    public EpochCommit {
        readies = List.copyOf(readies == null ? List.of() : readies);
    }

    /** A commit that needs every node's ready (no operator deadline). */
    public EpochCommit(String networkId, long epoch, String documentSha256, List<SignedReady> readies) {
        this(networkId, epoch, documentSha256, readies, null);
    }

    /** Why a commit is refused, as the {@code reason} of the node's signed answer. */
    public static final class RefusedException extends Exception {
        private final String reason;

        RefusedException(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        /**
         * {@code ready-missing}, {@code ready-invalid}, {@code readies-disagree}, {@code wrong-epoch},
         * {@code wrong-network-id}, {@code deadline-not-passed}, {@code deadline-invalid}.
         */
        public String reason() {
            return reason;
        }
    }

    /**
     * The {@code K} and {@code K'} every ready of a verified commit names, and the signing nodes of
     * {@code e+1} that sent none (empty unless the operator's deadline had passed).
     */
    public record KeySets(byte[] keySet, byte[] newKeySet, List<String> notReady) {
        public KeySets {
            notReady = List.copyOf(notReady);
        }
    }

    /**
     * Checks that every ready is from a distinct signing node of {@code next}, signed with its
     * registered identity key over {@code EpochReady.digest(N, e+1, K, K')}, all on the same
     * {@code K} and {@code K'} (a non-member's ready names it), and that either every signing node
     * of {@code next} sent one, or the commit carries an operator's deadline (an operator of
     * {@code current}, for this document) that has passed at {@code nowMillis} and every committee
     * of {@code next} has at least one ready (lifecycle §3.2 step 4).
     */
    public KeySets verify(Registry current, Registry next, long nowMillis) throws RefusedException {
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
        if (keySet == null) {
            throw new RefusedException("ready-missing", "no ready from " + missing);
        }
        if (!missing.isEmpty()) {
            afterDeadline(current, next, seen, missing, nowMillis);
        }
        return new KeySets(keySet, newKeySet, missing);
    }

    /** Readies short of every node: only with a passed operator deadline, and from every committee. */
    private void afterDeadline(Registry current, Registry next, Set<String> seen, List<String> missing,
                               long nowMillis) throws RefusedException {
        if (deadline == null) {
            throw new RefusedException("ready-missing", "no ready from " + missing
                    + " (without every node's ready a commit needs an operator's deadline that has passed)");
        }
        try {
            deadline.verify(current, documentSha256, nowMillis);
        } catch (io.sigil.registry.governance.OperatorOrderRefusedException refused) {
            throw new RefusedException("deadline-not-passed".equals(refused.reason()) ? refused.reason()
                    : "deadline-invalid", "no ready from " + missing + "; the operator's deadline does not allow that: "
                    + refused.reason() + ": " + refused.getMessage());
        }
        Set<Integer> uncovered = new TreeSet<>();
        for (NodeEntry node : next.nodesWithRole(Role.SIGNING_CLIENT)) {
            node.committee().ifPresent(uncovered::add);
        }
        for (String id : seen) {
            next.node(id).flatMap(NodeEntry::committee).ifPresent(uncovered::remove);
        }
        if (!uncovered.isEmpty()) {
            throw new RefusedException("ready-missing", "no ready from any node of committee(s) " + uncovered
                    + " (missing " + missing + "): even after the deadline every committee needs one");
        }
    }
}
