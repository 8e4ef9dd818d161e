package io.sigil.crypto.dkls23.setup;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code pair_sid}s of the last few generations a node held with each peer before its
 * current one (public values; memory only). A session's {@code MUL1} under one of them was made
 * by a peer session begun before the pair was set up again: that session is ending on the peer's
 * side too, so the message fails only its own session and must not retire the newer pair both
 * nodes now hold (docs/security.md, "Pairwise setup never heals"). Kept only for generations
 * this node replaced, so a generation it never held, the sign that this node is the one behind,
 * is never found here.
 */
public final class SupersededGenerations {
    /** Generations remembered per peer: a storm replaces a pair a few times at most before it settles. */
    static final int KEPT = 8;
    private final Map<String, Deque<byte[]>> byPeer = new ConcurrentHashMap<>();

    /** {@code old} is being replaced by a newer generation with the same peer. */
    public void replaced(PairState old) {
        Deque<byte[]> kept = byPeer.computeIfAbsent(old.peerNode(), peer -> new ArrayDeque<>());
        synchronized (kept) {
            kept.addFirst(old.dirSidAsAlice());
            while (kept.size() > KEPT) {
                kept.removeLast();
            }
        }
    }

    /** Whether {@code dirSid} is {@code dir_sid(peer→me)} of a generation replaced here. */
    public boolean heldBefore(String peerNode, byte[] dirSid) {
        Deque<byte[]> kept = byPeer.get(peerNode);
        if (kept == null) {
            return false;
        }
        synchronized (kept) {
            return kept.stream().anyMatch(old -> Arrays.equals(old, dirSid)); // public ids
        }
    }
}
