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

    private static final int SIGMA = OtParameters.SIGMA;
    private static final int LANES = BitMatrix.LONGS_PER_ROW;

    /** Multiplication by the public η_1, η_2 with precomputed η·X^i (constant time in the operand). */
    private final Gf208.Multiplier eta1;
    private final Gf208.Multiplier eta2;
    /** The matrices of multiplication by η_1 and η_2 by rows ({@link #matrixRows}); public. */
    private final long[] eta1Rows;
    private final long[] eta2Rows;

    private KosChallenge(Gf208 eta1, Gf208 eta2) {
        this.eta1 = eta1.multiplier();
        this.eta2 = eta2.multiplier();
        this.eta1Rows = matrixRows(this.eta1.powers());
        this.eta2Rows = matrixRows(this.eta2.powers());
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

    /**
     * {@code comb} of all κ columns at once, bit-sliced: {@code rows} is the transposed matrix
     * ({@link BitMatrix#transposeRows}, ℓ' rows of κ bits), and the 26-byte results go to
     * {@code out[k·26 …]}, the layout of {@code t̃}. Same values as {@link #combine} per column.
     *
     * <p>Why: bit {@code b} of {@code η·y} is the XOR of the bits {@code y_i} with {@code i} in
     * row {@code b} of η's matrix. With the columns' bits side by side in the rows, one XOR of
     * four longs adds bit {@code i} of all 256 columns at once, instead of 256 masked additions of
     * {@code η·X^i}. Which rows are added depends on η only (public); the secret column bits are
     * only XORed, never branched on or used as an index.
     */
    void combineAll(long[] rows, byte[] out) {
        long[] combined = new long[SIGMA * LANES];
        for (int b = 0; b < SIGMA; b++) {
            int y2 = (2 * SIGMA + b) * LANES;
            long o0 = rows[y2];
            long o1 = rows[y2 + 1];
            long o2 = rows[y2 + 2];
            long o3 = rows[y2 + 3];
            for (int w = 0; w < LANES; w++) {
                long bits = eta1Rows[b * LANES + w];
                while (bits != 0) {
                    int at = (64 * w + Long.numberOfTrailingZeros(bits)) * LANES;
                    o0 ^= rows[at];
                    o1 ^= rows[at + 1];
                    o2 ^= rows[at + 2];
                    o3 ^= rows[at + 3];
                    bits &= bits - 1;
                }
                bits = eta2Rows[b * LANES + w];
                while (bits != 0) {
                    int at = (SIGMA + 64 * w + Long.numberOfTrailingZeros(bits)) * LANES;
                    o0 ^= rows[at];
                    o1 ^= rows[at + 1];
                    o2 ^= rows[at + 2];
                    o3 ^= rows[at + 3];
                    bits &= bits - 1;
                }
            }
            combined[b * LANES] = o0;
            combined[b * LANES + 1] = o1;
            combined[b * LANES + 2] = o2;
            combined[b * LANES + 3] = o3;
        }
        BitMatrix.writeColumns(combined, SIGMA, out);
        java.util.Arrays.fill(combined, 0L);
    }

    /**
     * Row {@code b < 208} of the result (four longs at {@code 4b}) has bit {@code i} set when bit
     * {@code b} of {@code η·X^i} is: the transpose of the powers, by 64 × 64 blocks.
     */
    private static long[] matrixRows(long[] powers) {
        long[] rows = new long[SIGMA * LANES];
        long[] block = new long[64];
        for (int ib = 0; ib * 64 < SIGMA; ib++) {
            for (int bb = 0; bb * 64 < SIGMA; bb++) {
                for (int r = 0; r < 64; r++) {
                    int i = ib * 64 + r;
                    block[r] = i < SIGMA ? powers[i * LANES + bb] : 0L;
                }
                BitMatrix.transpose64(block, 0);
                for (int c = 0; c < 64; c++) {
                    int b = bb * 64 + c;
                    if (b < SIGMA) {
                        rows[b * LANES + ib] = block[c];
                    }
                }
            }
        }
        return rows;
    }
}
