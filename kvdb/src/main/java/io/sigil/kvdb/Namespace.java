package io.sigil.kvdb;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A named column family. Names are lowercase ASCII so they print safely in operator output and
 * encode identically everywhere; "default" is RocksDB's own family and is reserved.
 */
public record Namespace(String name) {

    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    public Namespace {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("namespace name must match " + VALID.pattern() + ", got " + name);
        }
        if (name.equals("default")) {
            throw new IllegalArgumentException("namespace name 'default' is reserved");
        }
    }

    public static Namespace of(String name) {
        return new Namespace(name);
    }

    byte[] nameBytes() {
        return name.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return name;
    }
}
