package io.sigil.wire.sign;

import io.sigil.crypto.ec.Point;
import io.sigil.wire.WireFields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public keys of sign requests, decoded once per key rather than at every use. A request's
 * key was decoded (a square root and a curve check, ~25 µs) five or more times per request by
 * the manager (form check, signature check, request id, party choice, the final check) and again
 * by every node; requests for one key now also share one {@link Point}, so Bouncy Castle's
 * precomputed multiples of it (kept on the point) serve every verification under that key.
 *
 * <p>Only what decoded cleanly is kept, under its exact hex: a malformed key is refused at every
 * use as before. Keys are public; the cache keeps the 4096 most recently used, so keys sent by
 * strangers can evict entries but not grow memory (docs/security.md §8).
 */
final class DecodedPublicKeys {

    private static final int CAPACITY = 4096;
    private static final Map<String, Point> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Point> eldest) {
            return size() > CAPACITY;
        }
    };

    private DecodedPublicKeys() {
    }

    /** {@link WireFields#point} of the field {@code publicKey}, from the cache when it was decoded before. */
    static Point decode(String hex) {
        if (hex != null) {
            synchronized (CACHE) {
                Point cached = CACHE.get(hex);
                if (cached != null) {
                    return cached;
                }
            }
        }
        Point decoded = WireFields.point("publicKey", hex);
        synchronized (CACHE) {
            CACHE.putIfAbsent(hex, decoded);
        }
        return decoded;
    }
}
