package io.sigil.kvdb.bench;

import io.sigil.kvdb.Durability;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.kvdb.Namespace;
import io.sigil.kvdb.StoreOptions;
import io.sigil.kvdb.TestStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteOptions;

/**
 * Encrypted store vs plain RocksDB on the same data: 10,000 keys of 256-byte values, single
 * thread, both without fsync (with fsync both are bound by the disk and the ratio says nothing
 * about the encryption cost). Run through {@link StoreBenchmarkMain}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreBenchmark {

    private static final int KEYS = 10_000;
    private static final Namespace BENCH = Namespace.of("bench");

    private Path directory;
    private EncryptedStore encrypted;
    private RocksDB plain;
    private Options plainOptions;
    private WriteOptions plainWrite;
    private byte[][] keys;
    private byte[] value;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        RocksDB.loadLibrary();
        directory = Files.createTempDirectory("kvdb-bench");
        encrypted = EncryptedStore.open(StoreOptions.of(directory.resolve("encrypted"),
                TestStores.passphrase(TestStores.PASSPHRASE), BENCH).withDurability(Durability.NO_SYNC));
        plainOptions = new Options().setCreateIfMissing(true);
        plain = RocksDB.open(plainOptions, directory.resolve("plain").toString());
        plainWrite = new WriteOptions().setSync(false);
        keys = new byte[KEYS][];
        for (int index = 0; index < KEYS; index++) {
            keys[index] = TestStores.keyFor(index);
            encrypted.put(BENCH, keys[index], TestStores.valueFor(index));
            plain.put(plainWrite, keys[index], TestStores.valueFor(index));
        }
        value = TestStores.valueFor(42);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        encrypted.close();
        plainWrite.close();
        plain.close();
        plainOptions.close();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private byte[] nextKey() {
        next = (next + 7919) % KEYS; // a prime stride visits every key, not in order
        return keys[next];
    }

    @Benchmark
    public void encryptedPut() {
        encrypted.put(BENCH, nextKey(), value);
    }

    @Benchmark
    public void plainPut() throws Exception {
        plain.put(plainWrite, nextKey(), value);
    }

    @Benchmark
    public byte[] encryptedGet() {
        return encrypted.get(BENCH, nextKey()).orElseThrow();
    }

    @Benchmark
    public byte[] plainGet() throws Exception {
        return plain.get(nextKey());
    }
}
