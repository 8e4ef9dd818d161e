package io.sigil.crypto.ot;

import io.sigil.crypto.gf.Gf208;
import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Encoding;

/**
 * The Fiat–Shamir challenge of the KOS check (spec §4.2.4–5):
 * {@code η_a = first 26 bytes of H("ote/kos-chi"; sid, ν, u32(a), Ubytes)} for {@code a = 1, 2},
 * and {@code comb(y) = η_1·y[0] + η_2·y[1] + y[2]} over the three 26-byte blocks of a 78-byte
 * column. The multiplication is GF(2^208) field multiplication (an XOR here was the bug of the
 * Taurus advisory, spec §9.3).
 */
final class KosChallenge {

    /** Multiplication by the public η_1, η_2 with precomputed η·X^i (constant time in the operand). */
    private final Gf208.Multiplier eta1;
    private final Gf208.Multiplier eta2;

    private KosChallenge(Gf208 eta1, Gf208 eta2) {
        this.eta1 = eta1.multiplier();
        this.eta2 = eta2.multiplier();
    }

    static KosChallenge derive(byte[] sid, byte[] nu, byte[] uBytes) {
        return new KosChallenge(eta(sid, nu, 1, uBytes), eta(sid, nu, 2, uBytes));
    }

    private static Gf208 eta(byte[] sid, byte[] nu, int a, byte[] uBytes) {
        byte[] digest = Dkls23Hash.h("ote/kos-chi", sid, nu, Encoding.u32(a), uBytes);
        return Gf208.fromBytes(digest, 0);
    }

    /** {@code comb} of the 78-byte column at {@code columns[offset …]}. */
    Gf208 combine(byte[] columns, int offset) {
        Gf208 y0 = Gf208.fromBytes(columns, offset);
        Gf208 y1 = Gf208.fromBytes(columns, offset + OtParameters.SIGMA_BYTES);
        Gf208 y2 = Gf208.fromBytes(columns, offset + 2 * OtParameters.SIGMA_BYTES);
        return eta1.multiply(y0).add(eta2.multiply(y1)).add(y2);
    }
}
