package io.sigil.crypto.ot;

import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.ec.ScalarWords;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gadget vector of a direction (spec §3.5): {@code g_j = H2S("gadget"; dir_sid, u32(j))} for
 * {@code j < ℓ}. Public and deterministic, so it is cached per {@code dir_sid} (a node has one
 * direction per peer and role, so a small cache covers all of them).
 */
public final class Gadget {

    private static final int CACHE_CAPACITY = 256;
    private static final Map<String, int[]> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
            return size() > CACHE_CAPACITY;
        }
    };

    private Gadget() {
    }

    /** The ℓ = 416 entries {@code g_0 … g_415} (a fresh array; the scalars are immutable). */
    public static Scalar[] vector(byte[] dirSid) {
        int[] words = cachedWords(dirSid);
        Scalar[] out = new Scalar[OtParameters.ELL];
        for (int j = 0; j < OtParameters.ELL; j++) {
            out[j] = ScalarWords.toScalar(words, j * ScalarWords.WORDS);
        }
        return out;
    }

    /** The entries as reduced integers (a fresh array). */
    public static BigInteger[] values(byte[] dirSid) {
        Scalar[] vector = vector(dirSid);
        BigInteger[] out = new BigInteger[vector.length];
        for (int j = 0; j < vector.length; j++) {
            out[j] = vector[j].toBigInteger();
        }
        return out;
    }

    /** The entries in {@link ScalarWords} layout, {@code g_j} at {@code j·8} (a fresh array), for hot loops. */
    public static int[] words(byte[] dirSid) {
        return cachedWords(dirSid).clone();
    }

    private static int[] cachedWords(byte[] dirSid) {
        if (dirSid == null || dirSid.length != OtParameters.SID_BYTES) {
            throw new IllegalArgumentException("direction sid must be 32 bytes");
        }
        String key = HexFormat.of().formatHex(dirSid);
        synchronized (CACHE) {
            int[] cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        int[] computed = new int[OtParameters.ELL * ScalarWords.WORDS];
        for (int j = 0; j < OtParameters.ELL; j++) {
            ScalarWords.fromScalar(Dkls23Hash.h2s("gadget", dirSid, Encoding.u32(j)), computed, j * ScalarWords.WORDS);
        }
        synchronized (CACHE) {
            CACHE.putIfAbsent(key, computed);
            return CACHE.get(key);
        }
    }
}
