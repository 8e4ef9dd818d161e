package io.sigil.crypto.hash;

import io.sigil.crypto.ec.InvalidEncodingException;
import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The fixed hash functions of the DKLs23 spec §1.3: {@code H}, {@code H2S}, {@code HTC} and
 * {@code PRG}. Every label is {@code "sigil/dkls23/v1/" + name}; every field is length-prefixed,
 * so fields cannot be shifted into one another (TSSHOCK, spec §9.1).
 *
 * <p>These are wire formats: changing anything here breaks interoperability between nodes. The
 * known-answer tests under {@code src/test/resources/vectors/} pin them. For free-form
 * Fiat–Shamir transcripts outside the spec use {@link io.sigil.crypto.transcript.Transcript}.
 *
 * <p>Performance: H2S and PRG run thousands of times per signature, so SHA-256 is the JDK's
 * ({@link Sha256}, compiled to the CPU's SHA instructions), the digest object is reused per
 * thread and the input is streamed into it without building an intermediate array;
 * {@link #prgKey(byte[], byte[])} additionally caches the hash state after the common prefix.
 */
public final class Dkls23Hash {

    /** Common prefix of every label. */
    public static final String LABEL_PREFIX = "sigil/dkls23/v1/";
    /** Output length of {@link #prg}: ℓ' = 624 bits. */
    public static final int PRG_OUTPUT_LENGTH = 78;
    private static final int HTC_ATTEMPTS = 256;

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);
    /** Encoded labels by name; the set of names is small and fixed by the spec. */
    private static final java.util.concurrent.ConcurrentMap<String, byte[]> LABELS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[8]);

    private Dkls23Hash() {
    }

    /** {@code H(name; f1..fm) = SHA-256(L(label) || L(f1) || ... || L(fm))}, 32 bytes. */
    public static byte[] h(String name, byte[]... fields) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        absorbLabel(digest, name);
        return finishFields(digest, fields);
    }

    /** The same framing under a full label of another specification (see {@link LifecycleHash}). */
    static byte[] hWithFullLabel(byte[] label, byte[]... fields) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        absorbField(digest, label);
        return finishFields(digest, fields);
    }

    private static byte[] finishFields(MessageDigest digest, byte[][] fields) {
        for (byte[] field : fields) {
            absorbField(digest, field);
        }
        byte[] out = digest.digest();
        // The JDK keeps the last block (the end of the fields, possibly secret) in the thread's
        // digest until its next use; reset zeroes it now (docs/security.md §8).
        digest.reset();
        return out;
    }

    /** {@code H2S(name; ...) = int(H(name; ...)) mod q}. */
    public static Scalar h2s(String name, byte[]... fields) {
        return Scalar.reduce(h(name, fields));
    }

    /**
     * Hash to curve by try-and-increment: for {@code c = 0..255}, {@code X = H(name; fields,
     * u32(c))}; return the first {@code 0x02 || X} that decodes as a point. Inputs are public, so
     * the loop need not be constant-time. The result has a discrete log nobody knows.
     */
    public static Point htc(String name, byte[]... fields) {
        byte[][] extended = Arrays.copyOf(fields, fields.length + 1);
        byte[] candidate = new byte[Point.ENCODED_LENGTH];
        candidate[0] = 0x02;
        for (int counter = 0; counter < HTC_ATTEMPTS; counter++) {
            extended[fields.length] = Encoding.u32(counter);
            byte[] x = h(name, extended);
            System.arraycopy(x, 0, candidate, 1, x.length);
            Point decoded = tryDecode(candidate);
            if (decoded != null) {
                return decoded;
            }
        }
        // Probability 2^-256 for honest inputs: an internal error, not a peer's fault.
        throw new IllegalStateException("hash to curve failed after 256 attempts for " + name);
    }

    /** Index of the first counter that HTC accepts (for tests and diagnostics). */
    public static int htcCounter(String name, byte[]... fields) {
        byte[][] extended = Arrays.copyOf(fields, fields.length + 1);
        byte[] candidate = new byte[Point.ENCODED_LENGTH];
        candidate[0] = 0x02;
        for (int counter = 0; counter < HTC_ATTEMPTS; counter++) {
            extended[fields.length] = Encoding.u32(counter);
            System.arraycopy(h(name, extended), 0, candidate, 1, 32);
            if (tryDecode(candidate) != null) {
                return counter;
            }
        }
        return -1;
    }

    private static Point tryDecode(byte[] candidate) {
        try {
            return Point.decode(candidate);
        } catch (InvalidEncodingException notOnCurve) {
            return null;
        }
    }

    /**
     * {@code PRG(sid, ν, k, seed)}: the first 78 bytes of
     * {@code H("ote/prg"; sid, ν, u32(k), u32(j), seed)} for {@code j = 0, 1, 2}.
     */
    public static byte[] prg(byte[] sid, byte[] nu, int k, byte[] seed) {
        return prgKey(sid, nu).expand(k, seed);
    }

    /** Precomputes the hash state over {@code (label, sid, ν)} for many PRG calls. */
    public static PrgKey prgKey(byte[] sid, byte[] nu) {
        MessageDigest prefix = Sha256.newDigest();
        absorbLabel(prefix, "ote/prg");
        absorbField(prefix, sid);
        absorbField(prefix, nu);
        return new PrgKey(prefix);
    }

    /**
     * PRG state for a fixed {@code (sid, ν)}. Thread-safe: {@link #expand} copies the cached
     * state. Holds no secret (sid and ν are public), so it needs no wiping.
     */
    public static final class PrgKey {
        private final MessageDigest prefix;

        private PrgKey(MessageDigest prefix) {
            this.prefix = prefix;
        }

        /** 78 bytes {@code PRG(sid, ν, k, seed)}. */
        public byte[] expand(int k, byte[] seed) {
            byte[] out = new byte[PRG_OUTPUT_LENGTH];
            expandInto(k, seed, out, 0);
            return out;
        }

        /** Writes the 78 PRG bytes to {@code out[offset..offset+78)}. */
        public void expandInto(int k, byte[] seed, byte[] out, int offset) {
            byte[] kField = Encoding.u32(k);
            byte[] block = new byte[32];
            MessageDigest withK = Sha256.copy(prefix);
            absorbField(withK, kField);
            try {
                for (int j = 0; j < 3; j++) {
                    MessageDigest digest = Sha256.copy(withK);
                    absorbField(digest, Encoding.u32(j));
                    absorbField(digest, seed);
                    Sha256.finish(digest, block, 0);
                    int length = Math.min(32, PRG_OUTPUT_LENGTH - 32 * j);
                    System.arraycopy(block, 0, out, offset + 32 * j, length);
                }
            } finally {
                Arrays.fill(block, (byte) 0);
            }
        }
    }

    private static void absorbLabel(MessageDigest digest, String name) {
        absorbField(digest, LABELS.computeIfAbsent(name, Dkls23Hash::labelBytes));
    }

    /** Labels are printable ASCII; anything else would be silently replaced by the encoder. */
    private static byte[] labelBytes(String name) {
        return checkedLabel(LABEL_PREFIX, name);
    }

    static byte[] checkedLabel(String prefix, String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("hash label names must be printable ASCII");
            }
        }
        return (prefix + name).getBytes(StandardCharsets.US_ASCII);
    }

    private static void absorbField(MessageDigest digest, byte[] field) {
        byte[] length = SCRATCH.get();
        Encoding.writeU64(length, 0, field.length);
        digest.update(length, 0, 8);
        digest.update(field, 0, field.length);
    }
}
