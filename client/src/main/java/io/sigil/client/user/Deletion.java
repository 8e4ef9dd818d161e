package io.sigil.client.user;

import io.sigil.wire.user.DeleteUserAck;
import io.sigil.wire.user.NodeFailure;
import java.util.List;

/** The outcome of delete_user: the verified acks of the nodes that erased the key, and the failures. */
public record Deletion(String userId, String keyId, List<DeleteUserAck> acks, List<NodeFailure> failures) {

    public boolean isComplete() {
        return failures.isEmpty();
    }
}
