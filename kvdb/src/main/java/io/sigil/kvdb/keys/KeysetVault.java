package io.sigil.kvdb.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import io.sigil.kvdb.StoreCorruptedException;
import io.sigil.kvdb.StoreException;
import io.sigil.kvdb.WrongMasterKeyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The keyset file: the data keyset encrypted under the key-encryption key, plus the public header
 * needed to re-derive that KEK (source kind, scrypt parameters, salt) and a random store id.
 *
 * <p>Layout (big-endian): {@code "SGKV" | u8 version=1 | store id[16] | u8 kind}, then for kind 1
 * (passphrase) {@code u8 log2N | u8 r | u8 p | u8 saltLength | salt}; then
 * {@code u32 length | encrypted keyset}. The encrypted keyset is Tink's
 * {@code serializeEncryptedKeyset} with associated data {@code "sigil-kvdb/data-keyset/v1" ‖ header},
 * so any edit of the header (weaker parameters, another salt) makes the keyset fail to open.
 * Written atomically: temporary file, fsync, atomic rename, fsync of the directory.
 */
public final class KeysetVault {

    public static final String FILE_NAME = "keyset.sigil";
    private static final byte[] MAGIC = "SGKV".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    private static final byte KIND_PASSPHRASE = 1;
    private static final byte KIND_KEYSET_FILE = 2;
    private static final int SALT_LENGTH = 16;
    private static final int STORE_ID_LENGTH = 16;
    private static final byte[] AD_LABEL = "sigil-kvdb/data-keyset/v1".getBytes(StandardCharsets.US_ASCII);

    /** A vault together with the data keys it opened. */
    public record Opened(KeysetVault vault, DataKeyring keyring) {}

    private final Path directory;
    private final byte[] header;
    private final Aead keyEncryptionKey;

    private KeysetVault(Path directory, byte[] header, Aead keyEncryptionKey) {
        this.directory = directory;
        this.header = header;
        this.keyEncryptionKey = keyEncryptionKey;
    }

    public static boolean exists(Path directory) {
        return Files.exists(directory.resolve(FILE_NAME));
    }

    /** Creates a vault with a fresh salt and store id and seals the given ring into it. */
    public static KeysetVault create(Path directory, MasterKeySource source, DataKeyring keyring) {
        SecureRandom random = new SecureRandom();
        byte[] storeId = new byte[STORE_ID_LENGTH];
        random.nextBytes(storeId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(VERSION);
        out.writeBytes(storeId);
        Aead kek;
        switch (source) {
            case MasterKeySource.Passphrase passphrase -> {
                ScryptParameters parameters = passphrase.creationParameters();
                byte[] salt = new byte[SALT_LENGTH];
                random.nextBytes(salt);
                out.write(KIND_PASSPHRASE);
                out.write(parameters.log2N());
                out.write(parameters.blockSize());
                out.write(parameters.parallelism());
                out.write(salt.length);
                out.writeBytes(salt);
                kek = KeyEncryptionKeys.fromPassphrase(passphrase, salt, parameters);
            }
            case MasterKeySource.KeysetFile keysetFile -> {
                out.write(KIND_KEYSET_FILE);
                kek = KeyEncryptionKeys.fromKeysetFile(keysetFile.path());
            }
        }
        KeysetVault vault = new KeysetVault(directory, out.toByteArray(), kek);
        vault.seal(keyring);
        return vault;
    }

    /** Opens the vault; a key that does not decrypt the keyset is refused, never guessed around. */
    public static Opened open(Path directory, MasterKeySource source) {
        Path file = directory.resolve(FILE_NAME);
        byte[] contents;
        try {
            contents = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StoreCorruptedException("cannot read keyset file " + file, e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(contents);
        try {
            byte[] magic = new byte[MAGIC.length];
            buffer.get(magic);
            if (!Arrays.equals(magic, MAGIC) || buffer.get() != VERSION) {
                throw new StoreCorruptedException("keyset file " + file + " has an unknown format");
            }
            buffer.position(buffer.position() + STORE_ID_LENGTH);
            byte kind = buffer.get();
            Aead kek;
            if (kind == KIND_PASSPHRASE) {
                if (!(source instanceof MasterKeySource.Passphrase passphrase)) {
                    throw new WrongMasterKeyException("store " + directory + " is protected by a passphrase, not a keyset file");
                }
                ScryptParameters parameters = new ScryptParameters(buffer.get(), buffer.get(), buffer.get());
                byte[] salt = new byte[buffer.get()];
                buffer.get(salt);
                kek = KeyEncryptionKeys.fromPassphrase(passphrase, salt, parameters);
            } else if (kind == KIND_KEYSET_FILE) {
                if (!(source instanceof MasterKeySource.KeysetFile keysetFile)) {
                    throw new WrongMasterKeyException("store " + directory + " is protected by a KEK keyset file, not a passphrase");
                }
                kek = KeyEncryptionKeys.fromKeysetFile(keysetFile.path());
            } else {
                throw new StoreCorruptedException("keyset file " + file + " names an unknown key source " + kind);
            }
            byte[] header = Arrays.copyOf(contents, buffer.position());
            byte[] sealed = new byte[buffer.getInt()];
            buffer.get(sealed);
            if (buffer.hasRemaining()) {
                throw new StoreCorruptedException("keyset file " + file + " has trailing bytes");
            }
            KeysetVault vault = new KeysetVault(directory, header, kek);
            try {
                return new Opened(vault, DataKeyring.of(
                        TinkProtoKeysetFormat.parseEncryptedKeyset(sealed, kek, vault.associatedData())));
            } catch (GeneralSecurityException e) {
                throw new WrongMasterKeyException("the master key does not open the data keyset of store " + directory
                        + ": wrong passphrase or KEK keyset (or the keyset file was altered)");
            }
        } catch (java.nio.BufferUnderflowException | NegativeArraySizeException | IllegalArgumentException e) {
            throw new StoreCorruptedException("keyset file " + file + " is truncated or malformed", e);
        }
    }

    /** Encrypts the ring under the KEK and replaces the keyset file atomically and durably. */
    public void seal(DataKeyring keyring) {
        byte[] sealed;
        try {
            sealed = TinkProtoKeysetFormat.serializeEncryptedKeyset(keyring.handle(), keyEncryptionKey, associatedData());
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot encrypt the data keyset", e);
        }
        ByteBuffer contents = ByteBuffer.allocate(header.length + 4 + sealed.length);
        contents.put(header).putInt(sealed.length).put(sealed).flip();
        Path temporary = directory.resolve(FILE_NAME + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                while (contents.hasRemaining()) {
                    channel.write(contents);
                }
                channel.force(true);
            }
            Files.move(temporary, directory.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write keyset file in " + directory, e);
        }
    }

    private byte[] associatedData() {
        byte[] associatedData = Arrays.copyOf(AD_LABEL, AD_LABEL.length + header.length);
        System.arraycopy(header, 0, associatedData, AD_LABEL.length, header.length);
        return associatedData;
    }

    /** Makes a rename or a new file durable: fsync of the directory entry (supported on Linux). */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
