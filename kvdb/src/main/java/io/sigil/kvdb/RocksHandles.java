package io.sigil.kvdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * Every native RocksDB object the store owns, opened together and closed together in reverse
 * order. Only this class talks to the RocksDB open/close API.
 */
final class RocksHandles implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    final Path directory;
    final RocksDB database;
    final Map<Namespace, ColumnFamilyHandle> families;
    final WriteOptions writeOptions;
    /** Never synced, whatever the store's durability: for {@link EncryptedStore#putWithoutSync}. */
    final WriteOptions unsyncedWriteOptions;
    final ReadOptions readOptions;
    private final List<AutoCloseable> owned;

    private RocksHandles(Path directory, RocksDB database, Map<Namespace, ColumnFamilyHandle> families, WriteOptions writeOptions,
                         WriteOptions unsyncedWriteOptions, ReadOptions readOptions, List<AutoCloseable> owned) {
        this.directory = directory;
        this.database = database;
        this.families = families;
        this.writeOptions = writeOptions;
        this.unsyncedWriteOptions = unsyncedWriteOptions;
        this.readOptions = readOptions;
        this.owned = owned;
    }

    /** Opens (creating if needed) the database in {@code directory} with every existing and requested family. */
    static RocksHandles open(Path directory, Set<Namespace> requested, Durability durability) {
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            Set<String> names = new LinkedHashSet<>();
            names.add("default");
            if (Files.exists(directory.resolve("CURRENT"))) {
                try (Options listing = new Options()) {
                    for (byte[] name : RocksDB.listColumnFamilies(listing, directory.toString())) {
                        names.add(new String(name, StandardCharsets.US_ASCII));
                    }
                }
            }
            requested.forEach(namespace -> names.add(namespace.name()));

            ColumnFamilyOptions familyOptions = track(owned, new ColumnFamilyOptions());
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (String name : names) {
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), familyOptions));
            }
            DBOptions databaseOptions = track(owned, new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setParanoidChecks(true));
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB database;
            try {
                database = RocksDB.open(databaseOptions, directory.toString(), descriptors, handles);
            } catch (RocksDBException e) {
                handles.forEach(ColumnFamilyHandle::close);
                throw e;
            }
            // `owned` closes in reverse: options, then family handles, then the database, then
            // the database and family options; RocksDB requires handles closed before the database.
            owned.add(database);
            handles.forEach(handle -> track(owned, handle));
            WriteOptions writeOptions = track(owned, new WriteOptions().setSync(durability == Durability.SYNC));
            WriteOptions unsyncedWriteOptions = track(owned, new WriteOptions().setSync(false));
            ReadOptions readOptions = track(owned, new ReadOptions().setVerifyChecksums(true));
            Map<Namespace, ColumnFamilyHandle> families = new LinkedHashMap<>();
            List<String> ordered = new ArrayList<>(names);
            for (int index = 0; index < ordered.size(); index++) {
                String name = ordered.get(index);
                if (!name.equals("default")) {
                    families.put(namespaceOf(directory, name), handles.get(index));
                }
            }
            return new RocksHandles(directory, database, Map.copyOf(families), writeOptions, unsyncedWriteOptions,
                    readOptions, owned);
        } catch (RocksDBException e) {
            closeAll(owned);
            throw translate(directory, e);
        } catch (RuntimeException e) {
            closeAll(owned);
            throw e;
        }
    }

    private static Namespace namespaceOf(Path directory, String name) {
        try {
            return new Namespace(name);
        } catch (IllegalArgumentException e) {
            throw new StoreCorruptedException("store " + directory + " holds a column family with an invalid name");
        }
    }

    private static <T extends AutoCloseable> T track(List<AutoCloseable> owned, T resource) {
        owned.add(resource);
        return resource;
    }

    ColumnFamilyHandle family(Namespace namespace) {
        ColumnFamilyHandle handle = families.get(namespace);
        if (handle == null) {
            throw new IllegalArgumentException("namespace '" + namespace + "' does not exist in this store;"
                    + " list it in StoreOptions.namespaces to create it");
        }
        return handle;
    }

    /** Maps RocksDB's status codes to the store's typed errors. */
    static StoreException translate(Path directory, RocksDBException e) {
        String message = String.valueOf(e.getMessage());
        // RocksDB reports "While lock file: DIR/LOCK: ..." (other process) or "lock hold by
        // current process" (same process); match those, not any message mentioning a block.
        if (message.contains("/LOCK") || message.contains("lock hold by current process")) {
            return new StoreLockedException(directory, e);
        }
        if (e.getStatus() != null && e.getStatus().getCode() == org.rocksdb.Status.Code.Corruption) {
            return new StoreCorruptedException("RocksDB reports corruption in " + directory, e);
        }
        return new StoreException("RocksDB operation failed in " + directory + ": " + message, e);
    }

    interface RocksCall<T> {
        T call() throws RocksDBException;
    }

    interface RocksRun {
        void run() throws RocksDBException;
    }

    static <T> T call(Path directory, RocksCall<T> call) {
        try {
            return call.call();
        } catch (RocksDBException e) {
            throw translate(directory, e);
        }
    }

    @Override
    public void close() {
        closeAll(owned);
    }

    private static void closeAll(List<AutoCloseable> owned) {
        for (int index = owned.size() - 1; index >= 0; index--) {
            try {
                owned.get(index).close();
            } catch (Exception ignored) {
                // Closing native handles only fails if already closed; keep closing the rest.
            }
        }
        owned.clear();
    }
}
