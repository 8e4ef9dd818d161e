package io.sigil.manager.signing;

import io.sigil.crypto.ecdsa.EcdsaSignature;
import java.util.List;

/** How one attempt ended: a verified signature, or the nodes to blame and why. */
sealed interface AttemptOutcome {

    record Signed(EcdsaSignature signature) implements AttemptOutcome {
    }

    record Failed(List<String> culprits, String reason) implements AttemptOutcome {
    }

    /** A member refused for a reason that is the user's (unknown or deleted key, ...): no retry can help. */
    record RefusedByUser(String reason) implements AttemptOutcome {
    }
}
