package io.sigil.wire.policy;

/**
 * A node's policy of one key ({@code GET /v1/policy/{userId}/{keyId}}): the one in force and,
 * while a locked policy delays it, the replacement waiting for {@code effectiveAt}. Either may be
 * null.
 */
public record PolicyView(String nodeId, String userId, String keyId, Entry current, Entry pending) {

    /** One stored version; times are epoch seconds. */
    public record Entry(long version, String expression, boolean locked, long delaySeconds, long acceptedAt,
                        long effectiveAt) {
    }
}
