package io.sigil.manager.signing;

import io.sigil.crypto.ecdsa.EcdsaSignature;
import java.util.List;

/** How one attempt ended: a verified signature, or the nodes to blame and why. */
sealed interface AttemptOutcome {

    record Signed(EcdsaSignature signature) implements AttemptOutcome {
    }

    record Failed(List<String> culprits, String reason) implements AttemptOutcome {
    }

    /**
     * The key's policy denied the request on {@code denials} (node id → the node's detail, naming
     * the rule) while {@code admitted} nodes of the same party allowed it (empty when they all
     * denied). Not a node's fault, and another party would judge it by the same policy: the request
     * ends without a retry and nobody is blamed. Nodes that disagree are reported.
     */
    record Denied(java.util.Map<String, String> denials, List<String> admitted) implements AttemptOutcome {

        boolean disagreement() {
            return !admitted.isEmpty();
        }
    }

    /** A member refused for a reason that is the user's (unknown or deleted key, ...): no retry can help. */
    record RefusedByUser(String reason) implements AttemptOutcome {
    }

    /**
     * A member answered {@code unknown-key} although the request was admitted (another node of every
     * committee holds the key): that replica lacks it, as the activation rule allows until it
     * catches up (docs/keygen.md §2.6). Not the user's fault and not the node's: the next attempt
     * leaves it out, and nobody is blamed.
     */
    record ReplicaLacksKey(String nodeId, String reason) implements AttemptOutcome {
    }
}
