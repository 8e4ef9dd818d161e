package io.sigil.wire.reshare;

import java.util.List;

/**
 * One page of a node's ACTIVE keys, public parts only, for the manager to know what an epoch
 * change must move (docs/keygen.md §6.4): keys after the request's cursor in store order, and
 * {@code next}, the cursor of the following page ({@code null} after the last).
 */
public record KeyList(String nodeId, List<Entry> keys, String next) {
    /** At most this many keys a page. */
    public static final int MAX_LIMIT = 500;

    public KeyList {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** One key: user, key id, public key (hex point) and threshold. */
    public record Entry(String userId, String keyId, String publicKey, int threshold) {
    }

    /** The request: the cursor ({@code userId/keyId} of the last key seen, empty to start) and the page size. */
    public record Request(String after, int limit) {
    }
}
