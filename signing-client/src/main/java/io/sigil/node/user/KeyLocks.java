package io.sigil.node.user;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per {@code (user, key)} (striped: distinct keys may share a stripe, which only costs
 * waiting). new_user holds it across the tombstone check, the shard's decryption and the write,
 * delete_user across its read and the erase + tombstone, so a bundle re-posted while the key is
 * being deleted either lands before the delete (and is erased by it) or sees the tombstone; it
 * can never write after the erase.
 */
final class KeyLocks {
    private static final int STRIPES = 1024;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    KeyLocks() {
        for (int index = 0; index < STRIPES; index++) {
            locks[index] = new ReentrantLock();
        }
    }

    <T> T holding(byte[] storeKey, Supplier<T> action) {
        int hash = Arrays.hashCode(storeKey);
        ReentrantLock lock = locks[(hash ^ (hash >>> 16)) & (STRIPES - 1)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
