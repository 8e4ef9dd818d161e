package io.sigil.kvdb;

/** How writes reach the disk. */
public enum Durability {
    /**
     * Every write (single put, batch, compare-and-put, rekey batch) is fsynced through the RocksDB
     * write-ahead log before the call returns: an acknowledged write survives a process kill and a
     * power loss. The default, and the only setting for shards.
     */
    SYNC,
    /**
     * The write-ahead log is written to the OS page cache but not fsynced: an acknowledged write
     * survives a process crash but not a power loss or kernel crash. For benchmarks and caches only.
     */
    NO_SYNC
}
