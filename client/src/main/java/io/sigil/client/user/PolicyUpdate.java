package io.sigil.client.user;

import io.sigil.wire.policy.SetPolicyAck;
import io.sigil.wire.user.NodeFailure;
import java.util.List;

/**
 * The outcome of set_policy: the verified acks of the nodes that stored the version (an ack's
 * {@code effectiveAt} lies ahead when a locked policy delays the replacement) and the failures
 * (a refusal carries the node's reason, e.g. the CEL compiler's message).
 */
public record PolicyUpdate(String userId, String keyId, long version, List<SetPolicyAck> acks, List<NodeFailure> failures) {

    public boolean isComplete() {
        return failures.isEmpty();
    }
}
