package io.sigil.wire.policy;

import io.sigil.wire.user.NodeFailure;
import java.util.List;

/** A leader's answer to set_policy: the nodes' signed acks and a failure for every other node. */
public record SetPolicyRelayResponse(int committee, String leaderId, List<SetPolicyAck> acks, List<NodeFailure> failures) {
}
