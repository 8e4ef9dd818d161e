package io.sigil.crypto.ot;

/**
 * Transposition of the κ × ℓ' bit matrix of the OT extension (spec §4.2.7, §4.4.1): column
 * {@code k} is the 78-byte string {@code T0_k} (or {@code Q_k}); row {@code j} is the κ-bit string
 * whose bit {@code k} is bit {@code j} of column {@code k}. Bits are LSB-first everywhere, so
 * reading bytes little-endian into longs keeps bit {@code j} at position {@code j & 63} of word
 * {@code j >> 6}, and the transposition works on 64 × 64 blocks with the masked-swap method.
 */
final class BitMatrix {

    private static final java.lang.invoke.VarHandle LITTLE_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Words per column that cover the ℓ = 416 rows we need (7 × 64 = 448 ≥ 416). */
    private static final int ROW_WORDS = (OtParameters.ELL + 63) / 64;
    private static final int COLUMN_BLOCKS = OtParameters.KAPPA / 64;
    /** Longs per row: κ / 64 = 4. */
    static final int LONGS_PER_ROW = OtParameters.KAPPA / 64;

    private BitMatrix() {
    }

    /**
     * Rows {@code 0 … ℓ−1} of the matrix whose columns are {@code columns[k·78 … k·78+77]}:
     * result {@code [j·4 + b]} holds bits {@code 64b … 64b+63} of row {@code j}.
     */
    static long[] transposeRows(byte[] columns) {
        int kappa = OtParameters.KAPPA;
        long[] blocks = new long[ROW_WORDS * kappa];
        for (int k = 0; k < kappa; k++) {
            int base = k * OtParameters.COLUMN_BYTES;
            for (int w = 0; w < ROW_WORDS; w++) {
                blocks[w * kappa + k] = readWord(columns, base, w);
            }
        }
        long[] rows = new long[OtParameters.ELL * LONGS_PER_ROW];
        for (int w = 0; w < ROW_WORDS; w++) {
            for (int kb = 0; kb < COLUMN_BLOCKS; kb++) {
                int offset = w * kappa + kb * 64;
                transpose64(blocks, offset);
                for (int r = 0; r < 64; r++) {
                    int j = w * 64 + r;
                    if (j < OtParameters.ELL) {
                        rows[j * LONGS_PER_ROW + kb] = blocks[offset + r];
                    }
                }
            }
        }
        java.util.Arrays.fill(blocks, 0L);
        return rows;
    }

    /** Word {@code w} (bits 64w … 64w+63) of the 78-byte column at {@code base}; w < 7 stays inside it. */
    private static long readWord(byte[] columns, int base, int w) {
        return (long) LITTLE_ENDIAN_LONG.get(columns, base + 8 * w);
    }

    /**
     * In-place transpose of the 64 × 64 bit matrix {@code a[offset … offset+63]} (bit {@code c} of
     * word {@code r} is entry (r, c)). Swaps the off-diagonal halves at block sizes 32, 16, …, 1.
     */
    static void transpose64(long[] a, int offset) {
        long mask = 0x00000000FFFFFFFFL;
        for (int width = 32; width != 0; width >>>= 1, mask ^= mask << width) {
            for (int r = 0; r < 64; r = ((r | width) + 1) & ~width) {
                int low = offset + r;
                int high = low + width;
                long swap = ((a[low] >>> width) ^ a[high]) & mask;
                a[low] ^= swap << width;
                a[high] ^= swap;
            }
        }
    }

    /** Writes row {@code j} (4 longs) as 32 bytes LSB-first, optionally XORed with {@code mask}. */
    static void rowBytes(long[] rows, int j, long[] mask, byte[] out) {
        rowBytes(rows, j, mask, out, 0);
    }

    /** As {@link #rowBytes(long[], int, long[], byte[])}, writing at {@code out[offset …]}. */
    static void rowBytes(long[] rows, int j, long[] mask, byte[] out, int offset) {
        for (int b = 0; b < LONGS_PER_ROW; b++) {
            long word = rows[j * LONGS_PER_ROW + b] ^ (mask == null ? 0L : mask[b]);
            LITTLE_ENDIAN_LONG.set(out, offset + b * 8, word);
        }
    }

    /** Reads 32 bytes LSB-first into 4 longs. */
    static long[] toWords(byte[] bytes32) {
        long[] words = new long[LONGS_PER_ROW];
        for (int b = 0; b < LONGS_PER_ROW; b++) {
            words[b] = (long) LITTLE_ENDIAN_LONG.get(bytes32, b * 8);
        }
        return words;
    }
}
