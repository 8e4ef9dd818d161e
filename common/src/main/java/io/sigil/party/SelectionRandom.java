package io.sigil.party;

import io.sigil.crypto.hash.Encoding;
import io.sigil.crypto.hash.Keccak;

/**
 * The deterministic random stream of the party selection: blocks
 * {@code keccak256(seed ‖ u32(counter))} for counter = 0, 1, 2, … read as consecutive big-endian
 * u32 words. Every node and manager that knows the seed reads the same stream; nobody can steer it
 * without changing the seed's inputs (the user's signed request, the attempt).
 */
final class SelectionRandom {
    private static final long WORD_RANGE = 1L << 32;

    private final byte[] seed;
    private long counter;
    private byte[] block = new byte[0];
    private int position;

    SelectionRandom(byte[] seed) {
        this.seed = seed.clone();
    }

    /**
     * Uniform integer in {@code [0, bound)}: words at or above the largest multiple of
     * {@code bound} below 2^32 are rejected, so no value is favoured.
     */
    int below(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be positive");
        }
        long limit = WORD_RANGE - WORD_RANGE % bound;
        while (true) {
            long word = nextWord();
            if (word < limit) {
                return (int) (word % bound);
            }
        }
    }

    private long nextWord() {
        if (position + 4 > block.length) {
            block = Keccak.keccak256(seed, Encoding.u32(counter++));
            position = 0;
        }
        long word = ((block[position] & 0xFFL) << 24) | ((block[position + 1] & 0xFFL) << 16)
                | ((block[position + 2] & 0xFFL) << 8) | (block[position + 3] & 0xFFL);
        position += 4;
        return word;
    }
}
