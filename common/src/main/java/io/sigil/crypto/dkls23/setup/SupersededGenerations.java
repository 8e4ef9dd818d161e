package io.sigil.crypto.dkls23.setup;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code dir_sid(peer→me)} of the last few generations a node held with each peer before
 * its current one, or saw a peer's session use and retired its pair for (public values; memory
 * only). A session's {@code MUL1} under one of them was made
 * by a peer session begun before the pair was set up again: that session is ending on the peer's
 * side too, so the message fails only its own session and must not retire the newer pair both
 * nodes now hold (docs/security.md, "Pairwise setup never heals"). A generation first seen in a
 * peer's message, the sign that this node is the one behind, is not found here: it retires the
 * pair once, as before.
 */
public final class SupersededGenerations {
    /** Generations remembered per peer: a storm replaces a pair a few times at most before it settles. */
    static final int KEPT = 8;
    private final Map<String, Deque<byte[]>> byPeer = new ConcurrentHashMap<>();

    /** {@code old} is being replaced by a newer generation with the same peer. */
    public void replaced(PairState old) {
        setAside(old.peerNode(), old.dirSidAsAlice());
    }

    /**
     * Sets {@code dirSid} aside unless it already is: returns whether it was new, i.e. whether the
     * pair must be retired for it (it names a generation the peer holds and this node does not).
     * The setup that follows goes above both sides' generations, so later messages under it are
     * stale as well.
     */
    public boolean setAside(String peerNode, byte[] dirSid) {
        Deque<byte[]> kept = byPeer.computeIfAbsent(peerNode, peer -> new ArrayDeque<>());
        synchronized (kept) {
            if (kept.stream().anyMatch(old -> Arrays.equals(old, dirSid))) { // public ids
                return false;
            }
            kept.addFirst(dirSid.clone());
            while (kept.size() > KEPT) {
                kept.removeLast();
            }
            return true;
        }
    }
}
