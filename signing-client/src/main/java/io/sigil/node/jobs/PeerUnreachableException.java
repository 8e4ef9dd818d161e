package io.sigil.node.jobs;

import java.util.Objects;

/**
 * Thrown by an {@link Outbound} or {@link JobSink} when a message cannot be handed to a peer (its
 * outbox is full or its stream is gone). The session ends naming the peer (design §6).
 */
public final class PeerUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String peer;

    public PeerUnreachableException(String peer, String detail) {
        super("peer " + peer + " unreachable: " + detail, null, false, false);
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    public String peer() {
        return peer;
    }
}
