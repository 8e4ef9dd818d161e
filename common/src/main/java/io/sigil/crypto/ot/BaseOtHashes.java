package io.sigil.crypto.ot;

import io.sigil.crypto.ec.Point;
import io.sigil.crypto.ec.Scalar;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;

/** The hashes of spec §3.3, with their fields in the order the spec writes them. */
final class BaseOtHashes {

    private BaseOtHashes() {
    }

    /** {@code c = H2S("bot/dlog"; sid, Z, K)}. */
    static Scalar dlogChallenge(byte[] sid, Point z, Point k) {
        return Dkls23Hash.h2s("bot/dlog", sid, z.encode(), k.encode());
    }

    /** {@code h_k = HTC("bot/h"; sid, u32(k), seed_h)}: nobody knows its discrete log. */
    static Point instancePoint(byte[] sid, int k, byte[] seedH) {
        return Dkls23Hash.htc("bot/h", sid, Encoding.u32(k), seedH);
    }

    /** {@code e = H2S("bot/or"; sid, u32(k), h_k, U_k, V_k, A_0, B_0, A_1, B_1)}. */
    static Scalar orChallenge(byte[] sid, int k, Point h, Point u, Point v,
            Point a0, Point b0, Point a1, Point b1) {
        return Dkls23Hash.h2s("bot/or", sid, Encoding.u32(k), h.encode(), u.encode(), v.encode(),
                a0.encode(), b0.encode(), a1.encode(), b1.encode());
    }

    /** {@code H("bot/out"; sid, u32(k), u8(bit), P)}. */
    static byte[] output(byte[] sid, int k, int bit, Point shared) {
        return Dkls23Hash.h("bot/out", sid, Encoding.u32(k), Encoding.u8(bit), shared.encode());
    }

    static void checkSid(byte[] sid) {
        if (sid == null || sid.length != OtParameters.SID_BYTES) {
            throw new IllegalArgumentException("direction sid must be 32 bytes");
        }
    }
}
