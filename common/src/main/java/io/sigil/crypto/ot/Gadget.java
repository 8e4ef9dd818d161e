package io.sigil.crypto.ot;

import io.sigil.crypto.ec.Scalar;
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
    private static final Map<String, BigInteger[]> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BigInteger[]> eldest) {
            return size() > CACHE_CAPACITY;
        }
    };

    private Gadget() {
    }

    /** The ℓ = 416 entries {@code g_0 … g_415} (a fresh array; the scalars are immutable). */
    public static Scalar[] vector(byte[] dirSid) {
        BigInteger[] values = cachedValues(dirSid);
        Scalar[] out = new Scalar[values.length];
        for (int j = 0; j < values.length; j++) {
            out[j] = Scalar.fromBigInteger(values[j]);
        }
        return out;
    }

    /** The entries as reduced integers (a fresh array), for inner products in hot loops. */
    public static BigInteger[] values(byte[] dirSid) {
        return cachedValues(dirSid).clone();
    }

    private static BigInteger[] cachedValues(byte[] dirSid) {
        if (dirSid == null || dirSid.length != OtParameters.SID_BYTES) {
            throw new IllegalArgumentException("direction sid must be 32 bytes");
        }
        String key = HexFormat.of().formatHex(dirSid);
        synchronized (CACHE) {
            BigInteger[] cached = CACHE.get(key);
            if (cached != null) {
                return cached;
            }
        }
        BigInteger[] computed = new BigInteger[OtParameters.ELL];
        for (int j = 0; j < OtParameters.ELL; j++) {
            computed[j] = Dkls23Hash.h2s("gadget", dirSid, Encoding.u32(j)).toBigInteger();
        }
        synchronized (CACHE) {
            CACHE.putIfAbsent(key, computed);
            return CACHE.get(key);
        }
    }
}
