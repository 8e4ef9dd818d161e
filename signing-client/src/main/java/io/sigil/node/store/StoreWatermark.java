package io.sigil.node.store;

import io.micronaut.context.annotation.Value;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.service.node.LocalNode;
import jakarta.inject.Inject;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The highest store sequence number this node has seen, kept in a small file OUTSIDE the store
 * ({@code sigil.store.watermark-file}, default {@code <data-dir>/store-watermark}) so that putting
 * an older store back (a restore from backup, a copied directory) is noticed at the next start:
 * the store's own sequence number ({@link EncryptedStore#sequenceNumber}) is then below the mark.
 * Advanced after every write that matters for replay safety (used {@code sign_sid}s, pair
 * states). Keep the file off the store's backups, or a restore that also puts it back cannot be
 * told from a normal start (docs/security.md, "Store restore").
 *
 * <p>The first write of a run replaces the file atomically (temporary file, fsync, rename); every
 * later one overwrites its fixed-width number in place and syncs only the data ({@code fdatasync}),
 * about a quarter of the cost: the mark is written before round 1 of every signing session, on the
 * path of every signature (docs/performance.md). Callers that wrote concurrently share one sync
 * ({@link #cover}). A torn or unreadable mark reads as the highest possible, i.e. as a restore:
 * the safe side.
 */
@Singleton
public final class StoreWatermark implements AutoCloseable {
    /** Digits of the largest long: every in-place write covers the whole previous number. */
    static final int WIDTH = 19;
    private final EncryptedStore store;
    private final Path file;
    private final OptionalLong recordedAtStart;
    private final long sequenceAtOpen;
    private long written = -1;
    /** Open for in-place writes once this run replaced the file; null before. */
    private FileChannel channel;

    @Inject
    StoreWatermark(NodeStore store, LocalNode local, @Value("${sigil.store.watermark-file:}") String file) {
        this(store.store(), store.sequenceAtOpen(),
                file.isBlank() ? local.dataDirectory().resolve("store-watermark") : Path.of(file));
    }

    StoreWatermark(EncryptedStore store, long sequenceAtOpen, Path file) {
        this.store = store;
        this.file = file;
        // both taken once, before anything of this run can advance the mark or write to the store
        this.recordedAtStart = read();
        this.sequenceAtOpen = sequenceAtOpen;
    }

    /**
     * Whether the store was opened below the mark the previous run left: it went back (a restore).
     * Empty when there was no mark. Compares the values as this process found them, so start-up
     * writes or an early {@link #advance} cannot hide a restore.
     */
    public Optional<Boolean> wentBackSinceLastRun() {
        return recordedAtStart.isPresent()
                ? Optional.of(sequenceAtOpen < recordedAtStart.getAsLong())
                : Optional.empty();
    }

    private OptionalLong read() {
        if (!Files.exists(file)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException unreadable) {
            return OptionalLong.of(Long.MAX_VALUE); // damaged: assume the worst, the store is treated as restored
        }
    }

    /** Records the store's current sequence number (never a smaller one than already written). */
    public void advance() {
        cover(Long.MAX_VALUE);
    }

    /**
     * Makes sure the mark is at least {@code sequence}, a store sequence number the caller read
     * after its own write: when a concurrent caller's sync already covered it, nothing is written.
     * Otherwise records the store's current sequence number, as {@link #advance}.
     */
    public synchronized void cover(long sequence) {
        if (sequence <= written) {
            return;
        }
        long now = store.sequenceNumber();
        if (now <= written) {
            return;
        }
        byte[] digits = String.format("%0" + WIDTH + "d", now).getBytes(StandardCharsets.US_ASCII);
        if (channel == null) {
            replace(digits);
        } else {
            try {
                channel.write(ByteBuffer.wrap(digits), 0);
                channel.force(false);
            } catch (IOException failed) {
                throw new UncheckedIOException("cannot write the store watermark " + file, failed);
            }
        }
        written = now;
    }

    /** The run's first write: a new file put in place atomically, then kept open for in-place writes. */
    private void replace(byte[] digits) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel fresh = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            fresh.write(ByteBuffer.wrap(digits));
            fresh.force(true);
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot write the store watermark " + temporary, failed);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot replace the store watermark " + file, failed);
        }
    }

    @PreDestroy
    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // every write was synced; closing releases only the descriptor
            }
            channel = null;
        }
    }
}
