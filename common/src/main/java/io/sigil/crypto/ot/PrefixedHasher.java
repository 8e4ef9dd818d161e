package io.sigil.crypto.ot;

import io.sigil.crypto.ec.ScalarWords;
import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.Sha256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Streaming form of {@code H} / {@code H2S} (spec §1.3) for the hot loops of the OT extension:
 * the SHA-256 state after {@code L(label) ‖ L(f1) ‖ …} of the fixed leading fields is computed
 * once and restored for every call, and the varying fields are absorbed without building
 * arrays. Output is bit-identical to {@link Dkls23Hash#h} (pinned by a test).
 *
 * <p>Not thread-safe: one instance per protocol object. The prefix fields are public
 * (label, sid, ν); secret fields pass through {@link #field} only.
 */
final class PrefixedHasher {

    private static final BigInteger ORDER = Secp256k1.ORDER;
    private static final int BLOCK_BYTES = 64;

    /** The digest after the whole 64-byte blocks of {@code L(label) ‖ L(f1) ‖ …} (public). */
    private final MessageDigest prefixState = Sha256.newDigest();
    /** The rest of the prefix, shorter than a block, copied into {@link #buffer} by {@link #start}. */
    private final byte[] prefixTail;
    private MessageDigest work;
    /** Varying fields not yet passed to {@link #work}; may hold secret rows: {@link #wipe()}. */
    private final byte[] buffer = new byte[128];
    private int pending;
    private final byte[] digestScratch = new byte[32];

    PrefixedHasher(String name, byte[]... leadingFields) {
        byte[] label = (Dkls23Hash.LABEL_PREFIX + name).getBytes(StandardCharsets.US_ASCII);
        java.io.ByteArrayOutputStream encoded = new java.io.ByteArrayOutputStream();
        encoded.writeBytes(Encoding.u64(label.length));
        encoded.writeBytes(label);
        for (byte[] field : leadingFields) {
            encoded.writeBytes(Encoding.u64(field.length));
            encoded.writeBytes(field);
        }
        byte[] prefix = encoded.toByteArray();
        int whole = prefix.length - prefix.length % BLOCK_BYTES;
        prefixState.update(prefix, 0, whole);
        prefixTail = java.util.Arrays.copyOfRange(prefix, whole, prefix.length);
    }

    /**
     * Restarts with the prefix absorbed: a copy of the state after its whole blocks (for
     * {@code ote/rand}, 72 bytes, one of the three compressions per call saved), then its tail.
     * Every copy is finished by {@link #finish} or {@link #finishScalar}, which zeroes its block
     * buffer, before the next {@code start}.
     */
    PrefixedHasher start() {
        work = Sha256.copy(prefixState);
        System.arraycopy(prefixTail, 0, buffer, 0, prefixTail.length);
        pending = prefixTail.length;
        return this;
    }

    /** Absorbs {@code L(bytes[offset..offset+length))}. */
    PrefixedHasher field(byte[] bytes, int offset, int length) {
        writeLength(length);
        if (pending + length <= buffer.length) {
            System.arraycopy(bytes, offset, buffer, pending, length);
            pending += length;
        } else {
            flush();
            work.update(bytes, offset, length);
        }
        return this;
    }

    /** Absorbs {@code L(u32(value))}. */
    PrefixedHasher u32Field(int value) {
        writeLength(4);
        buffer[pending] = (byte) (value >>> 24);
        buffer[pending + 1] = (byte) (value >>> 16);
        buffer[pending + 2] = (byte) (value >>> 8);
        buffer[pending + 3] = (byte) value;
        pending += 4;
        return this;
    }

    /** The small varying fields are collected and passed to the digest in one call. */
    private void writeLength(long length) {
        if (pending + 12 > buffer.length) {
            flush();
        }
        for (int i = 0; i < 8; i++) {
            buffer[pending + i] = (byte) (length >>> (56 - 8 * i));
        }
        pending += 8;
    }

    private void flush() {
        work.update(buffer, 0, pending);
        pending = 0;
    }

    /** Finishes {@code H}, writing 32 bytes to {@code out[offset..]}. */
    void finish(byte[] out, int offset) {
        flush();
        Sha256.finish(work, out, offset);
    }

    /** Finishes {@code H2S}: {@code int(H) mod q} (the digest is below 2q, so one subtraction). */
    BigInteger finishScalar() {
        flush();
        Sha256.finish(work, digestScratch, 0);
        BigInteger value = new BigInteger(1, digestScratch);
        return value.compareTo(ORDER) >= 0 ? value.subtract(ORDER) : value;
    }

    /** As {@link #finishScalar()}, writing the reduced value to {@code z[zOffset…]} (ScalarWords layout). */
    void finishScalar(int[] z, int zOffset) {
        flush();
        Sha256.finish(work, digestScratch, 0);
        ScalarWords.fromDigest(digestScratch, 0, z, zOffset);
    }

    /** Wipes the field buffer (which held secret rows or seeds) and the digest state. */
    void wipe() {
        java.util.Arrays.fill(buffer, (byte) 0);
        java.util.Arrays.fill(digestScratch, (byte) 0);
        if (work != null) {
            work.reset();
        }
    }
}
