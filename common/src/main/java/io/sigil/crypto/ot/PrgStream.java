package io.sigil.crypto.ot;

/**
 * {@code PRG(sid, ν, k, seed)} of spec §1.3: the first 78 bytes of
 * {@code H("ote/prg"; sid, ν, u32(k), u32(c), seed)} for {@code c = 0, 1, 2}, with the state after
 * {@code (label, sid, ν)} cached. Not thread-safe.
 */
final class PrgStream {

    private final PrefixedHasher hasher;
    private final byte[] block = new byte[32];

    PrgStream(byte[] sid, byte[] nu) {
        this.hasher = new PrefixedHasher("ote/prg", sid, nu);
    }

    /** Writes {@code PRG(sid, ν, k, seed[seedOffset … +32))} to {@code out[outOffset … +78)}. */
    void expand(int k, byte[] seed, int seedOffset, byte[] out, int outOffset) {
        for (int c = 0; c < 3; c++) {
            hasher.start().u32Field(k).u32Field(c).field(seed, seedOffset, OtParameters.SEED_BYTES);
            if (c < 2) {
                hasher.finish(out, outOffset + 32 * c);
            } else {
                hasher.finish(block, 0);
                System.arraycopy(block, 0, out, outOffset + 64, OtParameters.COLUMN_BYTES - 64);
            }
        }
        java.util.Arrays.fill(block, (byte) 0);
    }
}
