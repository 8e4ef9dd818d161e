package io.sigil.kvdb;

import io.sigil.kvdb.keys.DataKeyring;
import io.sigil.kvdb.keys.KeysetVault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * An encrypted, durable key-value store: RocksDB column families as namespaces, every value
 * AES256-GCM encrypted (Tink) with associated data binding it to its namespace and key.
 *
 * <p>Directory layout: {@code db/} (RocksDB) and {@code keyset.sigil} (the data keyset sealed
 * under the master key; see {@link KeysetVault}). Thread-safe. Writes are fsynced before they
 * return unless {@link Durability#NO_SYNC} was chosen.
 *
 * <p>Locking: {@code state} is read-held by every operation and write-held by close, key
 * rotation and key retirement, so no write is in flight under a key that is being replaced and
 * no native object is used after close. Per-key {@link KeyStripes} make compare-and-put and rekey's
 * read-modify-write atomic against other writers of the same key.
 */
public final class EncryptedStore implements AutoCloseable {

    static final String DATABASE_DIRECTORY = "db";
    private static final int MAX_KEY_LENGTH = 64 * 1024;

    private final Path dataDirectory;
    private final StoreOptions options;
    private final RocksHandles rocks;
    private final KeysetVault vault;
    private volatile DataKeyring keyring;
    private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
    private final KeyStripes stripes = new KeyStripes();
    private final Set<StoreScanner> openScanners = ConcurrentHashMap.newKeySet();
    private boolean closed;

    private EncryptedStore(StoreOptions options, RocksHandles rocks, KeysetVault vault, DataKeyring keyring) {
        this.dataDirectory = options.dataDirectory();
        this.options = options;
        this.rocks = rocks;
        this.vault = vault;
        this.keyring = keyring;
    }

    /**
     * Opens the store, creating it if allowed and absent.
     *
     * @throws WrongMasterKeyException the master key does not open the keyset
     * @throws StoreLockedException the store is open elsewhere
     * @throws StoreCorruptedException the directory holds data but no keyset, or a damaged keyset
     */
    public static EncryptedStore open(StoreOptions options) {
        Path directory = options.dataDirectory();
        boolean keysetExists = KeysetVault.exists(directory);
        if (!keysetExists && !options.createIfMissing()) {
            throw new StoreException("no store at " + directory + " (no " + KeysetVault.FILE_NAME + ")");
        }
        try {
            Files.createDirectories(directory.resolve(DATABASE_DIRECTORY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create store directory " + directory, e);
        }
        // RocksDB first: its LOCK file also serialises keyset creation between processes.
        RocksHandles rocks = RocksHandles.open(directory.resolve(DATABASE_DIRECTORY), options.namespaces(),
                options.durability());
        try {
            KeysetVault.Opened opened;
            if (KeysetVault.exists(directory)) {
                opened = KeysetVault.open(directory, options.masterKey());
            } else {
                if (holdsAnyEntry(rocks)) {
                    throw new StoreCorruptedException("store " + directory + " holds values but its keyset file "
                            + KeysetVault.FILE_NAME + " is missing; restore it from a backup");
                }
                DataKeyring fresh = DataKeyring.generate();
                opened = new KeysetVault.Opened(KeysetVault.create(directory, options.masterKey(), fresh), fresh);
            }
            return new EncryptedStore(options, rocks, opened.vault(), opened.keyring());
        } catch (RuntimeException e) {
            rocks.close();
            throw e;
        }
    }

    private static boolean holdsAnyEntry(RocksHandles rocks) {
        for (ColumnFamilyHandle family : rocks.families.values()) {
            try (RocksIterator iterator = rocks.database.newIterator(family)) {
                iterator.seekToFirst();
                if (iterator.isValid()) {
                    return true;
                }
            }
        }
        return false;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * RocksDB's latest sequence number: it grows with every write, survives restarts and is kept
     * by {@link #checkpoint}, so a store put back from a backup shows a smaller number than the
     * one it replaced. Callers record it outside the store to detect a restore (README "Rollback").
     */
    public long sequenceNumber() {
        return reading(rocks.database::getLatestSequenceNumber);
    }

    public Set<Namespace> namespaces() {
        return rocks.families.keySet();
    }

    /** The decrypted value, or empty if absent. @throws TamperedValueException if it fails authentication */
    public Optional<byte[]> get(Namespace namespace, byte[] key) {
        checkKey(key);
        return reading(() -> {
            byte[] stored = rocksCall(() -> rocks.database.get(rocks.family(namespace), rocks.readOptions, key));
            return stored == null ? Optional.empty() : Optional.of(decryptStored(namespace, key, stored));
        });
    }

    public void put(Namespace namespace, byte[] key, byte[] value) {
        put(namespace, key, value, rocks.writeOptions);
    }

    /**
     * {@link #put} without the fsync, even on a {@link Durability#SYNC} store: the write reaches
     * the write-ahead log in the OS page cache, so it survives a process crash but may be lost on
     * a power loss or kernel crash (as may any unsynced write before it; the next synced write
     * makes it durable too). Only for records whose loss the caller has shown to be harmless.
     */
    public void putWithoutSync(Namespace namespace, byte[] key, byte[] value) {
        put(namespace, key, value, rocks.unsyncedWriteOptions);
    }

    private void put(Namespace namespace, byte[] key, byte[] value, WriteOptions options) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        writingKeys(new int[] {KeyStripes.stripeOf(namespace, key)}, () -> {
            byte[] stored = ValueCipher.encrypt(keyring, namespace, key, value);
            rocksRun(() -> rocks.database.put(rocks.family(namespace), options, key, stored));
            return null;
        });
    }

    public void delete(Namespace namespace, byte[] key) {
        checkKey(key);
        writingKeys(new int[] {KeyStripes.stripeOf(namespace, key)}, () -> {
            rocksRun(() -> rocks.database.delete(rocks.family(namespace), rocks.writeOptions, key));
            return null;
        });
    }

    /**
     * Stores the value only if the key is absent. If present and equal (compared in constant time)
     * it is an idempotent replay; if different, nothing is written. Used so a replayed new_user
     * cannot overwrite a shard.
     */
    public PutResult compareAndPut(Namespace namespace, byte[] key, byte[] value) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        return writingKeys(new int[] {KeyStripes.stripeOf(namespace, key)}, () -> {
            ColumnFamilyHandle family = rocks.family(namespace);
            byte[] existing = rocksCall(() -> rocks.database.get(family, rocks.readOptions, key));
            if (existing != null) {
                byte[] plaintext = decryptStored(namespace, key, existing);
                try {
                    return MessageDigest.isEqual(plaintext, value) ? PutResult.IDENTICAL : PutResult.CONFLICT;
                } finally {
                    Arrays.fill(plaintext, (byte) 0);
                }
            }
            byte[] stored = ValueCipher.encrypt(keyring, namespace, key, value);
            rocksRun(() -> rocks.database.put(family, rocks.writeOptions, key, stored));
            return PutResult.STORED;
        });
    }

    /** A builder of puts and deletes committed atomically. */
    public StoreBatch batch() {
        return new StoreBatch(this);
    }

    void commit(List<StoreBatch.Operation> operations) {
        int[] keyStripes = operations.stream()
                .mapToInt(operation -> KeyStripes.stripeOf(operation.namespace(), operation.key()))
                .toArray();
        writingKeys(keyStripes, () -> {
            try (WriteBatch batch = new WriteBatch()) {
                for (StoreBatch.Operation operation : operations) {
                    ColumnFamilyHandle family = rocks.family(operation.namespace());
                    if (operation.isDelete()) {
                        rocksRun(() -> batch.delete(family, operation.key()));
                    } else {
                        byte[] stored = ValueCipher.encrypt(keyring, operation.namespace(), operation.key(), operation.value());
                        rocksRun(() -> batch.put(family, operation.key(), stored));
                    }
                }
                rocksRun(() -> rocks.database.write(rocks.writeOptions, batch));
            }
            return null;
        });
    }

    /** Up to {@code limit} decrypted entries whose key starts with {@code prefix}, in key order. */
    public List<StoreEntry> scan(Namespace namespace, byte[] prefix, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be non-negative");
        }
        List<StoreEntry> entries = new ArrayList<>();
        try (StoreScanner scanner = scanner(namespace, prefix)) {
            while (entries.size() < limit && scanner.hasNext()) {
                entries.add(scanner.next());
            }
        }
        return entries;
    }

    /** A closeable iterator over decrypted entries whose key starts with {@code prefix}. */
    public StoreScanner scanner(Namespace namespace, byte[] prefix) {
        byte[] copy = Objects.requireNonNull(prefix, "prefix").clone();
        return reading(() -> {
            StoreScanner scanner = new StoreScanner(this, namespace, copy,
                    rocks.database.newIterator(rocks.family(namespace), rocks.readOptions));
            openScanners.add(scanner);
            return scanner;
        });
    }

    /**
     * Up to {@code limit} decrypted entries whose key sorts strictly after {@code after} (unsigned
     * byte order; an empty {@code after} starts at the first key): a cursor that pages through a
     * namespace in O(page) per call, for readers that resume where they stopped.
     */
    public List<StoreEntry> scanAfter(Namespace namespace, byte[] after, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be non-negative");
        }
        // the smallest key greater than `after` is `after || 0x00`
        byte[] start = after.length == 0 ? new byte[0] : Arrays.copyOf(after, after.length + 1);
        List<StoreEntry> entries = new ArrayList<>();
        StoreScanner scanner = reading(() -> {
            StoreScanner opened = new StoreScanner(this, namespace, new byte[0], start,
                    rocks.database.newIterator(rocks.family(namespace), rocks.readOptions));
            openScanners.add(opened);
            return opened;
        });
        try (scanner) {
            while (entries.size() < limit && scanner.hasNext()) {
                entries.add(scanner.next());
            }
        }
        return entries;
    }

    /** How many entries {@code namespace} holds; reads keys only, never decrypts a value. */
    public long count(Namespace namespace) {
        return reading(() -> {
            long count = 0;
            try (RocksIterator iterator = rocks.database.newIterator(rocks.family(namespace), rocks.readOptions)) {
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                    count++;
                }
            }
            return count;
        });
    }

    <T> T withOpenScanner(StoreScanner scanner, Supplier<T> action) {
        return reading(() -> {
            if (scanner.isClosed()) {
                throw new IllegalStateException("scanner is closed");
            }
            return action.get();
        });
    }

    void closeScanner(StoreScanner scanner) {
        state.readLock().lock();
        try {
            synchronized (scanner) {
                scanner.closeNative();
            }
            openScanners.remove(scanner);
        } finally {
            state.readLock().unlock();
        }
    }

    byte[] decryptStored(Namespace namespace, byte[] key, byte[] stored) {
        return ValueCipher.decrypt(keyring, namespace, key, stored);
    }

    /** Namespaces with exact entry counts, and how many values each data key protects. Never values. */
    public StoreStats stats() {
        return reading(() -> {
            Map<Namespace, Long> entries = new TreeMap<>(java.util.Comparator.comparing(Namespace::name));
            Map<Integer, Long> perKey = new HashMap<>();
            for (Map.Entry<Namespace, ColumnFamilyHandle> family : rocks.families.entrySet()) {
                long count = 0;
                try (RocksIterator iterator = rocks.database.newIterator(family.getValue(), rocks.readOptions)) {
                    for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
                        count++;
                        perKey.merge(ValueCipher.keyIdOf(iterator.value()), 1L, Long::sum);
                    }
                }
                entries.put(family.getKey(), count);
            }
            return new StoreStats(entries, keyring.primaryKeyId(), perKey);
        });
    }

    /** Ids and status of the data keys; never key material. */
    public List<DataKeyring.KeyInfo> dataKeys() {
        return keyring.keys();
    }

    /**
     * Adds a new primary data key. The new keyset is durably written before any value uses the new
     * key, and old keys stay, so every existing value remains readable. Waits for running writes.
     *
     * @return the new primary key id
     */
    public int rotateKey() {
        return exclusively(() -> {
            DataKeyring rotated = keyring.withNewPrimary();
            vault.seal(rotated);
            keyring = rotated;
            return rotated.primaryKeyId();
        });
    }

    /**
     * Re-encrypts under the primary key every value written under another key, in synced batches
     * of {@link StoreOptions#rekeyBatchSize()}. Crash-safe: each batch is atomic and old keys stay
     * in the keyset, so a kill at any point leaves every value readable; run again to finish.
     */
    public RekeyReport rekey(ProgressListener listener) {
        return reading(() -> new Rekeying(rocks, keyring, stripes, options.rekeyBatchSize(), listener).run());
    }

    /**
     * Deletes every data key but the primary, after verifying (with writers paused) that no value
     * is still under another key. Keys deleted here are gone from the keyset file; older backups
     * keep their own keyset copy.
     *
     * @return the number of keys retired
     * @throws StoreException if values still need a rekey
     */
    public int retireOldKeys() {
        return exclusively(() -> {
            StoreStats stats = stats();
            if (stats.valuesUnderOlderKeys() > 0) {
                throw new StoreException(stats.valuesUnderOlderKeys()
                        + " values are still under older data keys; run rekey first");
            }
            DataKeyring retired = keyring.withOnlyPrimary();
            int count = keyring.keys().size() - retired.keys().size();
            if (count > 0) {
                vault.seal(retired);
                keyring = retired;
            }
            return count;
        });
    }

    /**
     * Writes an online, consistent backup to {@code target} (which must not exist): a RocksDB
     * checkpoint plus a copy of the keyset file. Writes continue meanwhile; key rotation waits.
     * The backup opens with the same master key.
     */
    public void checkpoint(Path target) {
        reading(() -> {
            StoreBackups.checkpoint(rocks, dataDirectory, target);
            return null;
        });
    }

    /** Copies a backup made by {@link #checkpoint} into {@code target} (must not exist), durably. */
    public static void restore(Path backup, Path target) {
        StoreBackups.restore(backup, target);
    }

    @Override
    public void close() {
        state.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (StoreScanner scanner : openScanners) {
                synchronized (scanner) {
                    scanner.closeNative();
                }
            }
            openScanners.clear();
            rocks.close();
        } finally {
            state.writeLock().unlock();
        }
    }

    static void checkKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0 || key.length > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key length must be in [1, " + MAX_KEY_LENGTH + "]");
        }
    }

    private <T> T reading(Supplier<T> action) {
        state.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("store " + dataDirectory + " is closed");
            }
            return action.get();
        } finally {
            state.readLock().unlock();
        }
    }

    private <T> T writingKeys(int[] keyStripes, Supplier<T> action) {
        return reading(() -> {
            int[] held = stripes.lockAll(keyStripes);
            try {
                return action.get();
            } finally {
                stripes.unlockAll(held);
            }
        });
    }

    private <T> T exclusively(Supplier<T> action) {
        state.writeLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("store " + dataDirectory + " is closed");
            }
            return action.get();
        } finally {
            state.writeLock().unlock();
        }
    }

    <T> T rocksCall(RocksHandles.RocksCall<T> call) {
        return RocksHandles.call(dataDirectory, call);
    }

    void rocksRun(RocksHandles.RocksRun run) {
        RocksHandles.call(dataDirectory, () -> {
            run.run();
            return null;
        });
    }
}
