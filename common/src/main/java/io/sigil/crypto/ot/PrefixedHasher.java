package io.sigil.crypto.ot;

import io.sigil.crypto.ec.Secp256k1;
import io.sigil.crypto.hash.Dkls23Hash;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;

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

    private final SHA256Digest prefix = new SHA256Digest();
    private final SHA256Digest work = new SHA256Digest();
    private final byte[] lengthScratch = new byte[8];
    private final byte[] u32Scratch = new byte[4];
    private final byte[] digestScratch = new byte[32];

    PrefixedHasher(String name, byte[]... leadingFields) {
        byte[] label = (Dkls23Hash.LABEL_PREFIX + name).getBytes(StandardCharsets.US_ASCII);
        absorb(prefix, label, 0, label.length);
        for (byte[] field : leadingFields) {
            absorb(prefix, field, 0, field.length);
        }
    }

    /** Restarts from the cached prefix state. */
    PrefixedHasher start() {
        work.reset(prefix);
        return this;
    }

    /** Absorbs {@code L(bytes[offset..offset+length))}. */
    PrefixedHasher field(byte[] bytes, int offset, int length) {
        absorb(work, bytes, offset, length);
        return this;
    }

    /** Absorbs {@code L(u32(value))}. */
    PrefixedHasher u32Field(int value) {
        u32Scratch[0] = (byte) (value >>> 24);
        u32Scratch[1] = (byte) (value >>> 16);
        u32Scratch[2] = (byte) (value >>> 8);
        u32Scratch[3] = (byte) value;
        absorb(work, u32Scratch, 0, 4);
        return this;
    }

    /** Finishes {@code H}, writing 32 bytes to {@code out[offset..]}. */
    void finish(byte[] out, int offset) {
        work.doFinal(out, offset);
    }

    /** Finishes {@code H2S}: {@code int(H) mod q} (the digest is below 2q, so one subtraction). */
    BigInteger finishScalar() {
        work.doFinal(digestScratch, 0);
        BigInteger value = new BigInteger(1, digestScratch);
        java.util.Arrays.fill(digestScratch, (byte) 0);
        return value.compareTo(ORDER) >= 0 ? value.subtract(ORDER) : value;
    }

    private void absorb(SHA256Digest digest, byte[] bytes, int offset, int length) {
        long n = length;
        for (int i = 0; i < 8; i++) {
            lengthScratch[i] = (byte) (n >>> (56 - 8 * i));
        }
        digest.update(lengthScratch, 0, 8);
        digest.update(bytes, offset, length);
    }
}
