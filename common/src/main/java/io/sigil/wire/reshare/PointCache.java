package io.sigil.wire.reshare;

import io.sigil.crypto.ec.Point;
import io.sigil.wire.WireFields;
import java.util.HashMap;
import java.util.Map;

/**
 * Points decoded from their hex once per batch (docs/keygen.md §3.5): a key's public key is in the
 * session and, as {@code C_0}, in every contributor's copy of its record, and every contributor sends
 * the same record, so each distinct encoding is decoded (a square root and the curve checks of
 * {@link WireFields#point}) once instead of once per place it appears. Not shared across threads.
 */
public final class PointCache {
    private final Map<String, Point> points = new HashMap<>();

    /** {@link WireFields#point}, remembered by the exact hex. */
    public Point point(String field, String hex) {
        Point known = points.get(hex);
        if (known == null) {
            known = WireFields.point(field, hex);
            points.put(hex, known);
        }
        return known;
    }
}
