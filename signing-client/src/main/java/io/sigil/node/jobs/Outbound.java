package io.sigil.node.jobs;

/**
 * The transport side of a {@link JobManager}: publishes a message a job produced in
 * {@code session}. Called on the session's thread, one message at a time per session; calls for
 * different sessions may be concurrent. May throw {@link PeerUnreachableException}.
 */
@FunctionalInterface
public interface Outbound<M> {

    void send(SessionKey session, M message);
}
