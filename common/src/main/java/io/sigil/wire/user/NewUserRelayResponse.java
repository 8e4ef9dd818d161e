package io.sigil.wire.user;

import java.util.List;

/** A committee leader's answer to new_user: the acks it collected and the nodes that failed. */
public record NewUserRelayResponse(int committee, String leaderId, List<NewUserAck> acks, List<NodeFailure> failures) {
}
