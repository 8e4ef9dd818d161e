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

    /** Rows of the transposed matrix: all ℓ' = 624 bits of a column (the OT uses the first ℓ). */
    static final int ROWS = OtParameters.ELL_PRIME;
    /** Words per column: 10 × 64 = 640 ≥ 624; the last one holds the column's last 6 bytes. */
    private static final int COLUMN_WORDS = (ROWS + 63) / 64;
    private static final int COLUMN_BLOCKS = OtParameters.KAPPA / 64;
    /** Longs per row: κ / 64 = 4. */
    static final int LONGS_PER_ROW = OtParameters.KAPPA / 64;

    private BitMatrix() {
    }

    /**
     * Rows {@code 0 … ℓ'−1} of the matrix whose columns are {@code columns[k·78 … k·78+77]}:
     * result {@code [j·4 + b]} holds bits {@code 64b … 64b+63} of row {@code j}. The OT uses rows
     * below ℓ; all ℓ' rows are the bit-sliced input of the KOS combination ({@link KosChallenge}).
     */
    static long[] transposeRows(byte[] columns) {
        int kappa = OtParameters.KAPPA;
        long[] blocks = new long[COLUMN_WORDS * kappa];
        for (int k = 0; k < kappa; k++) {
            int base = k * OtParameters.COLUMN_BYTES;
            for (int w = 0; w < COLUMN_WORDS; w++) {
                blocks[w * kappa + k] = readWord(columns, base, w);
            }
        }
        long[] rows = new long[ROWS * LONGS_PER_ROW];
        for (int w = 0; w < COLUMN_WORDS; w++) {
            for (int kb = 0; kb < COLUMN_BLOCKS; kb++) {
                int offset = w * kappa + kb * 64;
                transpose64(blocks, offset);
                for (int r = 0; r < 64; r++) {
                    int j = w * 64 + r;
                    if (j < ROWS) {
                        rows[j * LONGS_PER_ROW + kb] = blocks[offset + r];
                    }
                }
            }
        }
        java.util.Arrays.fill(blocks, 0L);
        return rows;
    }

    /**
     * The inverse for {@code bits}-bit columns: row {@code b < bits} of {@code rows} (4 longs, bit
     * {@code k} for column {@code k}) becomes bit {@code b} of the {@code bits / 8}-byte column
     * {@code k} at {@code out[k·bits/8 …]}, for the κ columns.
     */
    static void writeColumns(long[] rows, int bits, byte[] out) {
        int columnBytes = bits / 8;
        long[] block = new long[64];
        for (int kb = 0; kb < COLUMN_BLOCKS; kb++) {
            for (int w = 0; w * 64 < bits; w++) {
                for (int c = 0; c < 64; c++) {
                    int b = w * 64 + c;
                    block[c] = b < bits ? rows[b * LONGS_PER_ROW + kb] : 0L;
                }
                transpose64(block, 0);
                int bytes = Math.min(8, columnBytes - 8 * w);
                for (int r = 0; r < 64; r++) {
                    int at = (kb * 64 + r) * columnBytes + 8 * w;
                    if (bytes == 8) {
                        LITTLE_ENDIAN_LONG.set(out, at, block[r]);
                    } else {
                        for (int i = 0; i < bytes; i++) {
                            out[at + i] = (byte) (block[r] >>> (8 * i));
                        }
                    }
                }
            }
        }
        java.util.Arrays.fill(block, 0L);
    }

    /**
     * Word {@code w} (bits 64w … 64w+63) of the 78-byte column at {@code base}; the last word
     * has only the column's last 6 bytes (its top 16 bits are zero).
     */
    private static long readWord(byte[] columns, int base, int w) {
        if (w < COLUMN_WORDS - 1) {
            return (long) LITTLE_ENDIAN_LONG.get(columns, base + 8 * w);
        }
        long word = 0;
        for (int i = OtParameters.COLUMN_BYTES - 8 * w - 1; i >= 0; i--) {
            word = (word << 8) | (columns[base + 8 * w + i] & 0xFFL);
        }
        return word;
    }

    /**
     * In-place transpose of the 64 × 64 bit matrix {@code a[offset … offset+63]} (bit {@code c} of
     * word {@code r} is entry (r, c)). Swaps the off-diagonal halves at block sizes 32, 16, …, 1.
     */
    static void transpose64(long[] a, int offset) {
        long mask = 0x00000000FFFFFFFFL;
        for (int width = 32; width != 0; width >>>= 1, mask ^= mask << width) {
            // plain counted loops over the words whose bit `width` is clear (the JIT unrolls them)
            for (int base = offset; base < offset + 64; base += 2 * width) {
                for (int low = base; low < base + width; low++) {
                    int high = low + width;
                    long swap = ((a[low] >>> width) ^ a[high]) & mask;
                    a[low] ^= swap << width;
                    a[high] ^= swap;
                }
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
