package io.sigil.kvdb;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped per-key locks. Compare-and-put and rekey read a value and write it back; a stripe lock
 * makes that read-modify-write atomic against every other writer of the same key. Multi-key
 * operations take their stripes in ascending order, so no two operations can deadlock.
 */
final class KeyStripes {

    private static final int STRIPES = 256;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    KeyStripes() {
        for (int index = 0; index < STRIPES; index++) {
            locks[index] = new ReentrantLock();
        }
    }

    static int stripeOf(Namespace namespace, byte[] key) {
        int hash = namespace.name().hashCode() * 31 + Arrays.hashCode(key);
        return (hash ^ (hash >>> 16)) & (STRIPES - 1);
    }

    /** Locks the given stripes (any order, duplicates allowed); returns the sorted distinct set to unlock. */
    int[] lockAll(int[] stripes) {
        int[] sorted = Arrays.stream(stripes).sorted().distinct().toArray();
        for (int stripe : sorted) {
            locks[stripe].lock();
        }
        return sorted;
    }

    void unlockAll(int[] sortedStripes) {
        for (int index = sortedStripes.length - 1; index >= 0; index--) {
            locks[sortedStripes[index]].unlock();
        }
    }
}
