package io.sigil.client.user;

import io.sigil.crypto.ec.Point;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.Problem;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.NodeFailure;
import java.util.List;

/**
 * The outcome of new_user as the client verified it: the key's public key and Ethereum address,
 * and per committee the valid acks and the nodes that did not acknowledge (with why).
 *
 * <p>The activation rule of keygen §2.6, applied to dealt keys: the key is usable
 * ({@link #isComplete()}) once every committee has at least one ack verified against a pinned
 * node key, all on the client's own commitments, and no node signed an ack over other
 * commitments for this key id. A node that did not acknowledge may hold no shard (until its replica
 * catch-up, keygen §3.7, fetches it; or a leader hid its ack): {@link #unacknowledged()} names it so an operator
 * can see it. {@code network}
 * is the network (id and epoch) the key was registered on. {@code chainCode} is the key's BIP32
 * chain code (0x, 32 bytes) every bundle carried, signed (docs/keygen.md §4.1); {@code null} only
 * when resuming a registration an older client began without one.
 */
public record Registration(String userId, String keyId, int threshold, int committeeCount, Point publicKey,
                           String address, String commitmentsHash, List<CommitteeOutcome> committees,
                           NetworkBinding network, String chainCode) {
    /** A node signed, with its pinned key, an ack over other commitments for this key id: it holds another key. */
    public static final String CONFLICTING_ACK = Problem.TYPE_PREFIX + "conflicting-ack";

    /**
     * One committee: which leader relayed, the acks that verified, the nodes that failed, and the
     * bundle sent (re-posted unchanged when the registration is finished later).
     */
    public record CommitteeOutcome(int committee, String leaderId, List<NewUserAck> acks, List<NodeFailure> failures,
                                   NewUserBundle bundle) {
        /** At least one of the committee's nodes verified and stored its shard: the committee can sign. */
        public boolean isAcknowledged() {
            return !acks.isEmpty();
        }
    }

    /** Every committee acknowledged and every verified ack agrees (keygen §2.6). */
    public boolean isComplete() {
        return committees.stream().allMatch(CommitteeOutcome::isAcknowledged) && conflicts().isEmpty();
    }

    /** Every node that did not acknowledge, with why (also those of acknowledged committees). */
    public List<NodeFailure> failures() {
        return committees.stream().flatMap(outcome -> outcome.failures().stream()).toList();
    }

    /** The ids of the nodes that did not acknowledge: they may hold no shard of this key. */
    public List<String> unacknowledged() {
        return failures().stream().map(NodeFailure::nodeId).toList();
    }

    /** The committees without a single valid ack: what a resume must still reach. */
    public List<Integer> unacknowledgedCommittees() {
        return committees.stream().filter(outcome -> !outcome.isAcknowledged()).map(CommitteeOutcome::committee).toList();
    }

    /** Nodes that signed an ack over other commitments: the key id is taken by another key there. */
    public List<NodeFailure> conflicts() {
        return failures().stream().filter(failure -> CONFLICTING_ACK.equals(failure.type())).toList();
    }

    public int acknowledgements() {
        return committees.stream().mapToInt(outcome -> outcome.acks().size()).sum();
    }
}
