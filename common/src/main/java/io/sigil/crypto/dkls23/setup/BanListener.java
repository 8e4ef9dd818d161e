package io.sigil.crypto.dkls23.setup;

/**
 * Steps 2 and 4 of the ban procedure (spec §8), supplied by the node service: abort in-flight
 * sessions and delete presignatures using the pair, then report to the manager and metrics.
 */
public interface BanListener {

    /** Step 2: abort every in-flight session and delete every presignature that uses the pair. */
    void abortSessionsUsing(String peerNode);

    /**
     * The pair was retired or replaced, not banned (another generation, a restore, a reset):
     * sessions using it end as well, but the peer is not to blame. By default the same as a ban's
     * step 2; the node service ends them without naming the peer.
     */
    default void endSessionsWithoutBlame(String peerNode) {
        abortSessionsUsing(peerNode);
    }

    /** Step 4: report culprit, reason and sign_sid (no secret values). */
    void report(BanRecord ban);
}
