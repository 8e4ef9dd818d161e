package io.sigil.node.jobs;

import java.util.HexFormat;
import java.util.Objects;

/**
 * A session id as a map key. Session ids arrive as {@code byte[]}, whose {@code equals} is identity,
 * so the manager keys its maps by the lower-case hex form instead.
 */
public record SessionKey(String hex) {

    private static final HexFormat HEX = HexFormat.of();

    public SessionKey {
        Objects.requireNonNull(hex, "hex");
        if (hex.isEmpty() || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("a session id is a non-empty byte string");
        }
        hex = hex.toLowerCase(java.util.Locale.ROOT);
    }

    public static SessionKey of(byte[] sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        return new SessionKey(HEX.formatHex(sessionId));
    }

    public byte[] bytes() {
        return HEX.parseHex(hex);
    }

    /** A short prefix, enough to correlate log lines (session ids are public). */
    public String shortForm() {
        return hex.substring(0, Math.min(16, hex.length()));
    }

    @Override
    public String toString() {
        return shortForm();
    }
}
