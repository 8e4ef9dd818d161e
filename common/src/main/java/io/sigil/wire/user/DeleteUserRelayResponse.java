package io.sigil.wire.user;

import java.util.List;

/** A committee leader's answer to delete_user: the acks it collected and the nodes that failed. */
public record DeleteUserRelayResponse(int committee, String leaderId, List<DeleteUserAck> acks, List<NodeFailure> failures) {
}
