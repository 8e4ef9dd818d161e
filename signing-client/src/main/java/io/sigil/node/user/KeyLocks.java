package io.sigil.node.user;

import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Collection;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per {@code (user, key)} (striped: distinct keys may share a stripe, which only costs
 * waiting). new_user holds it across the tombstone check, the shard's decryption and the write,
 * delete_user across its read and the erase + tombstone, so a bundle re-posted while the key is
 * being deleted either lands before the delete (and is erased by it) or sees the tombstone; it
 * can never write after the erase. Replica catch-up ({@code io.sigil.node.sync}) writes a page
 * of keys under the locks of all of them ({@link #holdingAll}), so a synced key cannot land
 * after a delete either.
 */
@Singleton
public final class KeyLocks {
    private static final int STRIPES = 1024;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public KeyLocks() {
        for (int index = 0; index < STRIPES; index++) {
            locks[index] = new ReentrantLock();
        }
    }

    /** Runs {@code action} holding the lock of one key ({@link KeyRecord#storeKey}). */
    public <T> T holding(byte[] storeKey, Supplier<T> action) {
        ReentrantLock lock = locks[stripe(storeKey)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} holding the lock of every key in {@code storeKeys} (taken in stripe order: no deadlock). */
    public <T> T holdingAll(Collection<byte[]> storeKeys, Supplier<T> action) {
        TreeSet<Integer> stripes = new TreeSet<>();
        storeKeys.forEach(key -> stripes.add(stripe(key)));
        int taken = 0;
        try {
            for (int stripe : stripes) {
                locks[stripe].lock();
                taken++;
            }
            return action.get();
        } finally {
            int released = 0;
            for (int stripe : stripes) {
                if (released++ < taken) {
                    locks[stripe].unlock();
                }
            }
        }
    }

    private static int stripe(byte[] storeKey) {
        int hash = Arrays.hashCode(storeKey);
        return (hash ^ (hash >>> 16)) & (STRIPES - 1);
    }
}
