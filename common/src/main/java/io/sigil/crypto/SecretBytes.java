package io.sigil.crypto;

import java.util.Arrays;

/**
 * Holder for secret bytes (seeds, encoded shares) that wipes them on {@link #destroy()}.
 *
 * <p>Java gives no hard guarantee: the garbage collector may have copied an array before it is
 * wiped, and {@link java.math.BigInteger} values (which back {@link io.sigil.crypto.ec.Scalar})
 * are immutable and cannot be wiped at all. Wiping still shortens the life of secrets in memory
 * and in heap dumps, so secret state is kept as bytes where practical.
 */
public final class SecretBytes implements AutoCloseable {

    private final byte[] value;
    private boolean destroyed;

    private SecretBytes(byte[] value) {
        this.value = value;
    }

    /** Takes a copy of {@code bytes}; the caller should wipe its own array. */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(bytes.clone());
    }

    /** Takes ownership of {@code bytes} without copying; the array is wiped on destroy. */
    public static SecretBytes wrap(byte[] bytes) {
        return new SecretBytes(bytes);
    }

    /** A copy of the secret; throws after {@link #destroy()}. The caller wipes the copy. */
    public synchronized byte[] bytes() {
        checkNotDestroyed();
        return value.clone();
    }

    public synchronized int length() {
        checkNotDestroyed();
        return value.length;
    }

    public synchronized boolean isDestroyed() {
        return destroyed;
    }

    /** Overwrites the secret with zeros; later access throws {@link IllegalStateException}. */
    public synchronized void destroy() {
        Arrays.fill(value, (byte) 0);
        destroyed = true;
    }

    @Override
    public void close() {
        destroy();
    }

    /** Zeroes every given array (nulls are skipped). */
    public static void wipe(byte[]... arrays) {
        for (byte[] array : arrays) {
            if (array != null) {
                Arrays.fill(array, (byte) 0);
            }
        }
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("secret bytes used after destroy()");
        }
    }

    @Override
    public String toString() {
        return "SecretBytes[redacted]";
    }
}
