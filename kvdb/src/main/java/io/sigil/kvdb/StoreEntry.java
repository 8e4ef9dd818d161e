package io.sigil.kvdb;

/** A decrypted entry from a scan. {@link #toString()} never shows the value. */
public record StoreEntry(byte[] key, byte[] value) {
    @Override
    public String toString() {
        return "StoreEntry[key=" + java.util.HexFormat.of().formatHex(key) + ", value=<" + value.length + " bytes>]";
    }
}
