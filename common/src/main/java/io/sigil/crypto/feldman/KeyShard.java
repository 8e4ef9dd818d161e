package io.sigil.crypto.feldman;

import io.sigil.crypto.SecretBytes;
import io.sigil.crypto.ec.Scalar;

/**
 * One committee's Shamir share {@code x_i = f(i)} of a user key (spec §2.1). The share is held as
 * 32 wipeable bytes; {@link #share()} materialises a {@link Scalar} on demand (which, being
 * BigInteger-backed, cannot itself be wiped). After {@link #destroy()} every access throws.
 */
public final class KeyShard {

    private final int index;
    private final SecretBytes share;

    /** @param index committee index i in 1..255; @param share x_i, non-zero */
    public KeyShard(int index, Scalar share) {
        Lagrange.checkIndex(index);
        if (share.isZero()) {
            throw new IllegalArgumentException("key shard: share must be non-zero");
        }
        this.index = index;
        this.share = SecretBytes.wrap(share.toBytes());
    }

    public int index() {
        return index;
    }

    /** The secret share x_i; {@link IllegalStateException} after {@link #destroy()}. */
    public Scalar share() {
        byte[] bytes = share.bytes();
        try {
            return Scalar.fromBytes(bytes);
        } finally {
            SecretBytes.wipe(bytes);
        }
    }

    /** The 32-byte encoding of x_i (caller wipes it); throws after {@link #destroy()}. */
    public byte[] shareBytes() {
        return share.bytes();
    }

    public boolean isDestroyed() {
        return share.isDestroyed();
    }

    /** Wipes the stored share; later use throws {@link IllegalStateException}. */
    public void destroy() {
        share.destroy();
    }

    @Override
    public String toString() {
        return "KeyShard[index=" + index + ", share=redacted]";
    }
}
