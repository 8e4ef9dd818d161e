package io.sigil.kvdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Direct RocksDB access to a closed store's files, to play the attacker with disk access. */
final class RawRocks implements AutoCloseable {

    private final DBOptions options = new DBOptions();
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final RocksDB database;

    RawRocks(Path storeDirectory) throws Exception {
        String path = storeDirectory.resolve(EncryptedStore.DATABASE_DIRECTORY).toString();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        try (Options listing = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(listing, path)) {
                names.add(new String(name, StandardCharsets.US_ASCII));
                descriptors.add(new ColumnFamilyDescriptor(name));
            }
        }
        database = RocksDB.open(options, path, descriptors, handles);
    }

    private ColumnFamilyHandle family(Namespace namespace) {
        return handles.get(names.indexOf(namespace.name()));
    }

    byte[] get(Namespace namespace, byte[] key) throws Exception {
        return database.get(family(namespace), key);
    }

    void put(Namespace namespace, byte[] key, byte[] value) throws Exception {
        database.put(family(namespace), key, value);
    }

    @Override
    public void close() {
        handles.forEach(ColumnFamilyHandle::close);
        database.close();
        options.close();
    }
}
