package io.sigil.client.user;

import io.sigil.crypto.ec.Point;
import io.sigil.wire.NetworkBinding;
import io.sigil.wire.user.NewUserAck;
import io.sigil.wire.user.NewUserBundle;
import io.sigil.wire.user.NodeFailure;
import java.util.List;

/**
 * The outcome of new_user as the client verified it: the key's public key and Ethereum address,
 * and per committee the valid acks and the nodes that did not acknowledge (with why). The key
 * is usable only when {@link #isComplete()}: every node of every committee acknowledged the
 * same commitments. {@code network} is the network (id and epoch) the key was registered on.
 */
public record Registration(String userId, String keyId, int threshold, int committeeCount, Point publicKey,
                           String address, String commitmentsHash, List<CommitteeOutcome> committees,
                           NetworkBinding network) {

    /**
     * One committee: which leader relayed, the acks that verified, the nodes that failed, and the
     * bundle sent (re-posted unchanged when the registration is finished later).
     */
    public record CommitteeOutcome(int committee, String leaderId, List<NewUserAck> acks, List<NodeFailure> failures,
                                   NewUserBundle bundle) {
    }

    public boolean isComplete() {
        return committees.stream().allMatch(outcome -> outcome.failures().isEmpty());
    }

    public List<NodeFailure> failures() {
        return committees.stream().flatMap(outcome -> outcome.failures().stream()).toList();
    }

    public int acknowledgements() {
        return committees.stream().mapToInt(outcome -> outcome.acks().size()).sum();
    }
}
