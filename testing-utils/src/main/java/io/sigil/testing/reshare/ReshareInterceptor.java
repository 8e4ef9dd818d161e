package io.sigil.testing.reshare;

import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.reshare.ReshareRound1;

/**
 * Fault injection for {@link InMemoryReshareNetwork}: every message passes through one of these
 * hooks, and a test overrides the one it corrupts (a lying contributor, a manager that relays
 * something else to one node, a node that acknowledges another transcript). The default passes
 * everything unchanged.
 */
public interface ReshareInterceptor {

    ReshareInterceptor NONE = new ReshareInterceptor() {
    };

    /** Contributor {@code committee}'s message as it leaves the contributor (seen by everyone). */
    default ReshareRound1.Message contribution(int committee, ReshareRound1.Message message) {
        return message;
    }

    /** Contributor {@code committee}'s message as delivered to new node {@code node}. */
    default ReshareRound1.Message contributionTo(String node, int committee, ReshareRound1.Message message) {
        return message;
    }

    /** {@code node}'s acknowledgement on its way to the manager. */
    default Acknowledgement acknowledgement(String node, Acknowledgement acknowledgement) {
        return acknowledgement;
    }

    /** The activation as sent to {@code node}. */
    default Activation.Activate activate(String node, Activation.Activate activate) {
        return activate;
    }
}
