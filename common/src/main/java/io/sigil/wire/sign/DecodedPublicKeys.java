package io.sigil.wire.sign;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.hd.DerivedKey;
import io.sigil.wire.WireFields;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The public keys of sign requests and of network-key acks, decoded once per key rather than at
 * every use. A request's
 * key was decoded (a square root and a curve check, ~25 µs) five or more times per request by
 * the manager (form check, signature check, request id, party choice, the final check) and again
 * by every node; requests for one key now also share one {@link Point}, so Bouncy Castle's
 * precomputed multiples of it (kept on the point) serve every verification under that key.
 *
 * <p>Every ack of a network key names that key: the node's {@code activate}, the manager's tally
 * and the client's check read dozens per key ({@code wire.keygen.DkgAck}), and the key's signing
 * requests decode it again afterwards.
 *
 * <p>BIP32 children of those keys are kept the same way: a derivation costs a point
 * multiplication per index and was made twice per request by the manager (form check, signing
 * key) and again by every node.
 *
 * <p>Only what decoded (or derived) cleanly is kept, under its exact hex (and chain code and
 * path): a malformed key or a refused path is refused at every use as before. Keys are public; the cache keeps the 4096 most recently used, so keys sent by
 * strangers can evict entries but not grow memory (docs/security.md §8).
 */
public final class DecodedPublicKeys {

    private static final int CAPACITY = 4096;
    private static final Map<String, Point> KEYS = leastRecentlyUsed();
    private static final Map<String, DerivedKey> CHILDREN = leastRecentlyUsed();

    private DecodedPublicKeys() {
    }

    /** {@link WireFields#point} of the field {@code publicKey}, from the cache when it was decoded before. */
    public static Point decode(String hex) {
        return hex == null ? WireFields.point("publicKey", null)
                : cached(KEYS, hex, () -> WireFields.point("publicKey", hex));
    }

    /**
     * The child of the key {@code publicKeyHex} under {@code derivation}, from the cache when it was
     * derived before; {@code derive} computes it (and throws for a refused path, which is not kept).
     */
    static DerivedKey child(String publicKeyHex, Derivation derivation, Supplier<DerivedKey> derive) {
        return cached(CHILDREN, publicKeyHex + " " + WireFields.toHex(derivation.chainCode()) + " " + derivation.path(),
                derive);
    }

    private static <V> V cached(Map<String, V> cache, String key, Supplier<V> compute) {
        synchronized (cache) {
            V cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        V computed = compute.get(); // outside the lock: a slow decode does not hold up other keys
        synchronized (cache) {
            V first = cache.putIfAbsent(key, computed);
            return first == null ? computed : first;
        }
    }

    private static <V> Map<String, V> leastRecentlyUsed() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }
}
