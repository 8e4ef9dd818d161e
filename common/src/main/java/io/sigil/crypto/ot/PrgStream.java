package io.sigil.crypto.ot;

import io.sigil.crypto.hash.Dkls23Hash;
import io.sigil.crypto.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * {@code PRG(sid, ν, k, seed)} of spec §1.3: the first 78 bytes of
 * {@code H("ote/prg"; sid, ν, u32(k), u32(c), seed)} for {@code c = 0, 1, 2}. Output is identical
 * to {@link Dkls23Hash#prg} (pinned by a test).
 *
 * <p>Why the two cached states: the input is {@code L(label) ‖ L(sid) ‖ L(ν) ‖ L(u32 k) ‖ u64(4) ‖
 * u32(c) ‖ L(seed)} (175 bytes, three SHA-256 blocks). The first block depends on nothing per
 * call, and the second (bytes 64–127) ends inside the length prefix {@code u64(4)} of the
 * counter, so it depends on {@code k} only. Caching both leaves one compression per output
 * block instead of two. The state after {@code k} is copied for every block but the last one it
 * serves, which finishes it itself (and so zeroes its block buffer). Not thread-safe.
 */
final class PrgStream {

    private final MessageDigest prefix = Sha256.newDigest();
    private MessageDigest withIndex;
    private final byte[] buffer = new byte[48];
    private final byte[] block = new byte[32];

    PrgStream(byte[] sid, byte[] nu) {
        byte[] label = (Dkls23Hash.LABEL_PREFIX + "ote/prg").getBytes(StandardCharsets.US_ASCII);
        absorbField(prefix, label);
        absorbField(prefix, sid);
        absorbField(prefix, nu);
    }

    /** Writes {@code PRG(sid, ν, k, seed[seedOffset … +32))} to {@code out[outOffset … +78)}. */
    void expand(int k, byte[] seed, int seedOffset, byte[] out, int outOffset) {
        startIndex(k);
        emit(seed, seedOffset, out, outOffset, true);
    }

    /**
     * Two outputs under the same {@code k} (Bob's two seeds of a base OT): the state after
     * {@code k} is made once and serves all six blocks, one copy and one compression fewer than
     * two {@link #expand} calls.
     */
    void expandTwo(int k, byte[] seeds, int firstSeedOffset, byte[] firstOut, int firstOutOffset,
            int secondSeedOffset, byte[] secondOut, int secondOutOffset) {
        startIndex(k);
        emit(seeds, firstSeedOffset, firstOut, firstOutOffset, false);
        emit(seeds, secondSeedOffset, secondOut, secondOutOffset, true);
    }

    /** {@code withIndex} = the prefix, then {@code L(u32(k)) ‖ u64(4)}: the part shared by the counters. */
    private void startIndex(int k) {
        Arrays.fill(buffer, 0, 20, (byte) 0);
        buffer[7] = 4;
        writeInt(buffer, 8, k);
        buffer[19] = 4;
        withIndex = Sha256.copy(prefix);
        withIndex.update(buffer, 0, 20);
    }

    /** The three blocks of one output from {@code withIndex}; {@code last} finishes that state itself. */
    private void emit(byte[] seed, int seedOffset, byte[] out, int outOffset, boolean last) {
        for (int c = 0; c < 3; c++) {
            // u32(c) ‖ u64(32) ‖ seed
            writeInt(buffer, 0, c);
            Arrays.fill(buffer, 4, 12, (byte) 0);
            buffer[11] = 32;
            System.arraycopy(seed, seedOffset, buffer, 12, OtParameters.SEED_BYTES);
            // the very last block finishes the shared state itself: one copy fewer per call
            boolean finishShared = last && c == 2;
            MessageDigest work = finishShared ? withIndex : Sha256.copy(withIndex);
            work.update(buffer, 0, 12 + OtParameters.SEED_BYTES);
            if (c < 2) {
                Sha256.finish(work, out, outOffset + 32 * c);
            } else {
                Sha256.finish(work, block, 0);
                System.arraycopy(block, 0, out, outOffset + 64, OtParameters.COLUMN_BYTES - 64);
            }
        }
    }

    /** Wipes buffers and states that held seeds or PRG output. */
    void wipe() {
        Arrays.fill(buffer, (byte) 0);
        Arrays.fill(block, (byte) 0);
        if (withIndex != null) {
            withIndex.reset();
        }
    }

    private static void writeInt(byte[] out, int offset, int value) {
        out[offset] = (byte) (value >>> 24);
        out[offset + 1] = (byte) (value >>> 16);
        out[offset + 2] = (byte) (value >>> 8);
        out[offset + 3] = (byte) value;
    }

    private static void absorbField(MessageDigest digest, byte[] field) {
        byte[] length = new byte[8];
        long n = field.length;
        for (int i = 0; i < 8; i++) {
            length[i] = (byte) (n >>> (56 - 8 * i));
        }
        digest.update(length, 0, 8);
        digest.update(field, 0, field.length);
    }
}
