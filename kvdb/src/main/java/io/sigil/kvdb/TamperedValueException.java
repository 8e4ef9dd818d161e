package io.sigil.kvdb;

import java.util.HexFormat;

/**
 * A stored value failed authentication: it was altered, truncated, or copied from another key or
 * namespace, or it was written under a data key no longer in the keyset. Names the location only.
 */
public final class TamperedValueException extends StoreException {
    private final Namespace namespace;
    private final byte[] key;

    public TamperedValueException(Namespace namespace, byte[] key, String reason) {
        super("value at namespace '" + namespace.name() + "' key " + HexFormat.of().formatHex(key)
                + " failed authentication (" + reason + "); it was altered or moved from elsewhere");
        this.namespace = namespace;
        this.key = key.clone();
    }

    public Namespace namespace() {
        return namespace;
    }

    public byte[] key() {
        return key.clone();
    }
}
