package io.sigil.node.jobs;

import java.util.List;

/**
 * The transport side of a {@link JobManager}: publishes a message a job produced in
 * {@code session}. Called on the session's thread, one message at a time per session; calls for
 * different sessions may be concurrent. May throw {@link PeerUnreachableException}.
 */
@FunctionalInterface
public interface Outbound<M> {

    void send(SessionKey session, M message);

    /** Publishes {@code messages} of {@code session} in order; see {@link JobSink#sendAll}. */
    default void sendAll(SessionKey session, List<M> messages) {
        messages.forEach(message -> send(session, message));
    }
}
