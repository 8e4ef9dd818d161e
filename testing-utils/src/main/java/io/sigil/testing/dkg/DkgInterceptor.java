package io.sigil.testing.dkg;

import io.sigil.crypto.dkg.Acknowledgement;
import io.sigil.crypto.dkg.Activation;
import io.sigil.crypto.dkg.CommitSet;
import io.sigil.crypto.dkg.DkgRound1;
import io.sigil.crypto.dkg.Reveal;

/**
 * Fault injection for {@link InMemoryDkgNetwork}: every message passes through one of these hooks
 * on its way, and a test overrides the one it corrupts (a corrupted contributor, a corrupted or
 * equivocating manager, a node that acknowledges something else). The default passes everything
 * unchanged.
 */
public interface DkgInterceptor {

    DkgInterceptor NONE = new DkgInterceptor() {
    };

    /**
     * A contributor that deviates consistently: given the values it would honestly reveal
     * ({@link DkgRound1#unboundReveal()}), return other commitments or another proof. It then commits
     * to what it returns (its {@code h_d} matches), deals the shares of its honest polynomial, and
     * binds the returned values to the commit set. Returning the argument keeps it honest.
     */
    default Reveal deviate(int committee, Reveal honest) {
        return honest;
    }

    /** Round 1 from contributor {@code committee} to the manager. */
    default DkgRound1.Message commit(int committee, DkgRound1.Message message) {
        return message;
    }

    /** The commit set as relayed to {@code recipient} (a contributor in round 2, or a node in round 3). */
    default CommitSet commitSet(String recipient, CommitSet commitSet) {
        return commitSet;
    }

    /** Contributor {@code committee}'s reveal as the manager receives it. */
    default Reveal revealToManager(int committee, Reveal reveal) {
        return reveal;
    }

    /** Contributor {@code committee}'s reveal as delivered to {@code node}. */
    default Reveal revealTo(String node, int committee, Reveal reveal) {
        return reveal;
    }

    /** The sealed share of contributor {@code committee} as delivered to {@code node}. */
    default byte[] sealedShareTo(String node, int committee, byte[] ciphertext) {
        return ciphertext;
    }

    /** {@code node}'s acknowledgement on its way to the manager. */
    default Acknowledgement acknowledgement(String node, Acknowledgement acknowledgement) {
        return acknowledgement;
    }

    /** The activate message as sent to {@code node}. */
    default Activation.Activate activate(String node, Activation.Activate activate) {
        return activate;
    }
}
