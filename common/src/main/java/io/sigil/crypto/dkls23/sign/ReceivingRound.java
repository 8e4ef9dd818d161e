package io.sigil.crypto.dkls23.sign;

import io.sigil.crypto.dkls23.Dkls23Abort;
import io.sigil.crypto.dkls23.RoundEnvelope;
import java.util.Set;

/**
 * What the three signing rounds share: an {@link Inbox} that verifies and collects the peers'
 * messages of the round, and single use — once a round has been finished (its secrets moved on or
 * wiped) every further call throws, so a round's state cannot be used twice.
 */
abstract sealed class ReceivingRound<B, D> permits SignRound1, SignRound2, SignRound3 {
    final Inbox<B, D> inbox;
    private final int round;
    private boolean consumed;

    ReceivingRound(Inbox<B, D> inbox, int round) {
        this.inbox = inbox;
        this.round = round;
    }

    /** Verifies and stores a peer's message of this round; duplicates are ignored. */
    public final void store(RoundEnvelope envelope) throws Dkls23Abort {
        requireLive();
        inbox.store(envelope);
    }

    /** Peers not yet heard from in this round (for a timeout, spec §8 row 2). */
    public final Set<String> missing() {
        return inbox.missingNodes();
    }

    public final boolean isComplete() {
        return inbox.complete();
    }

    final void requireLive() {
        if (consumed) {
            throw new IllegalStateException("round " + round + " already finished");
        }
    }

    /** Marks the round used up; only once every peer's message is in. The caller then reads the inbox. */
    final void consume() {
        requireLive();
        if (!inbox.complete()) {
            throw new IllegalStateException("round " + round + " incomplete; waiting for " + inbox.missingNodes());
        }
        consumed = true;
    }
}
