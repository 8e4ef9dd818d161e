package io.sigil.node.transport;

/**
 * Why this node can no longer hear a party peer in a session, naming that peer ({@code culprit}).
 * Reported at most once per peer subscription; the session's owner decides what it means
 * (usually: abort naming the culprit, and let the manager retry without it).
 */
public record TransportFailure(String culprit, Reason reason, String detail) {
    /** What went wrong with the peer's stream. */
    public enum Reason {
        /** The peer answered the subscription with a permanent refusal (401, 403, 404, ...) or a {@code refused} event. */
        REFUSED,
        /** The peer's stream carried an envelope that does not open (bad signature, wrong session, ...). */
        INVALID_ENVELOPE,
        /** The peer's event ids skipped or went backwards: events would be lost. */
        SEQUENCE_GAP,
        /** The peer could not be reached (or stayed silent) until the session's deadline. */
        UNREACHABLE
    }
}
