package io.sigil.node.jobs;

import java.util.List;

/**
 * Where a job puts the messages it sends to its peers. Routing (broadcast or to one peer) is a
 * property of the message itself; the sink only hands it to the transport.
 *
 * <p>A transport that cannot accept a message for a peer (outbox full, peer gone) throws
 * {@link PeerUnreachableException}; the manager then ends the session naming that peer
 * (design §6: outboxes never drop silently).
 */
@FunctionalInterface
public interface JobSink<M> {

    void send(M message);

    /**
     * Sends {@code messages} in order, as {@link #send} one by one would. A transport may hand
     * them to the network together (one wake-up of the connection instead of one per message).
     */
    default void sendAll(List<M> messages) {
        messages.forEach(this::send);
    }
}
