package io.sigil.node.store;

import io.micronaut.context.annotation.Value;
import io.sigil.kvdb.EncryptedStore;
import io.sigil.service.node.LocalNode;
import jakarta.inject.Inject;
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
 */
@Singleton
public final class StoreWatermark {
    private final EncryptedStore store;
    private final Path file;
    private final OptionalLong recordedAtStart;
    private final long sequenceAtOpen;
    private long written = -1;

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
    public synchronized void advance() {
        long now = store.sequenceNumber();
        if (now <= written) {
            return;
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(Long.toString(now).getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot write the store watermark " + temporary, failed);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot replace the store watermark " + file, failed);
        }
        written = now;
    }
}
