package io.sigil.kvdb;

import io.sigil.kvdb.keys.KeysetVault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.Checkpoint;
import org.rocksdb.RocksDBException;

/** Online checkpoints and restores. A backup is a directory with the same layout as a store. */
final class StoreBackups {

    private StoreBackups() {}

    static void checkpoint(RocksHandles rocks, Path dataDirectory, Path target) {
        if (Files.exists(target)) {
            throw new StoreException("backup target " + target + " already exists");
        }
        try {
            Files.createDirectories(target);
            try (Checkpoint checkpoint = Checkpoint.create(rocks.database)) {
                // Hard links where possible, copies otherwise; the live WAL is flushed into it.
                checkpoint.createCheckpoint(target.resolve(EncryptedStore.DATABASE_DIRECTORY).toString());
            }
            // The caller holds the state lock, so the keyset cannot change between the two steps:
            // the copy can decrypt every value in the checkpoint.
            copyDurably(dataDirectory.resolve(KeysetVault.FILE_NAME), target.resolve(KeysetVault.FILE_NAME));
            syncTree(target.resolve(EncryptedStore.DATABASE_DIRECTORY));
            KeysetVault.syncDirectory(target);
            KeysetVault.syncDirectory(target.toAbsolutePath().getParent());
        } catch (RocksDBException e) {
            throw RocksHandles.translate(dataDirectory, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write backup to " + target, e);
        }
    }

    static void restore(Path backup, Path target) {
        if (!Files.exists(backup.resolve(KeysetVault.FILE_NAME))
                || !Files.exists(backup.resolve(EncryptedStore.DATABASE_DIRECTORY).resolve("CURRENT"))) {
            throw new StoreCorruptedException(backup + " is not a store backup (needs "
                    + KeysetVault.FILE_NAME + " and " + EncryptedStore.DATABASE_DIRECTORY + "/CURRENT)");
        }
        if (Files.exists(target)) {
            throw new StoreException("restore target " + target + " already exists");
        }
        Path staging = target.resolveSibling(target.getFileName() + ".restoring");
        try {
            if (Files.exists(staging)) {
                deleteTree(staging); // a previous restore died halfway
            }
            List<Path> sources;
            try (Stream<Path> walk = Files.walk(backup)) {
                sources = walk.toList();
            }
            for (Path source : sources) {
                Path destination = staging.resolve(backup.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    copyDurably(source, destination);
                }
            }
            syncTree(staging);
            // Only a complete copy ever appears under the target name.
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            KeysetVault.syncDirectory(target.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore " + backup + " into " + target, e);
        }
    }

    private static void copyDurably(Path source, Path destination) throws IOException {
        Files.copy(source, destination, StandardCopyOption.COPY_ATTRIBUTES);
        try (FileChannel channel = FileChannel.open(destination, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static void syncTree(Path root) throws IOException {
        List<Path> directories;
        try (Stream<Path> walk = Files.walk(root)) {
            directories = walk.filter(Files::isDirectory).toList();
        }
        for (Path directory : directories) {
            KeysetVault.syncDirectory(directory);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(java.util.Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.delete(path);
        }
    }
}
