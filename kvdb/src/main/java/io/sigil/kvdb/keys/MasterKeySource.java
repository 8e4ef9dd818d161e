package io.sigil.kvdb.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where the key-encryption key (KEK) that protects a store's data keyset comes from.
 *
 * <p>{@link Passphrase}: a passphrase stretched with scrypt (salt and parameters stored in the
 * keyset file). {@link KeysetFile}: a Tink JSON keyset holding an AEAD key, typically a
 * Kubernetes Secret mounted read-only into the pod.
 */
public sealed interface MasterKeySource permits MasterKeySource.Passphrase, MasterKeySource.KeysetFile {

    /**
     * A passphrase. The parameters are used only when a store is created; an existing store
     * re-derives with the parameters stored in its keyset file. Holds a private copy of the
     * characters; {@link #destroy()} wipes it.
     */
    final class Passphrase implements MasterKeySource {
        private final char[] characters;
        private final ScryptParameters creationParameters;
        private volatile boolean destroyed;

        private Passphrase(char[] characters, ScryptParameters creationParameters) {
            if (characters.length < 8) {
                throw new IllegalArgumentException("a store passphrase needs at least 8 characters");
            }
            this.characters = characters;
            this.creationParameters = Objects.requireNonNull(creationParameters, "creationParameters");
        }

        /** Copies the characters; the caller may wipe its array afterwards. */
        public static Passphrase of(char[] characters, ScryptParameters creationParameters) {
            return new Passphrase(characters.clone(), creationParameters);
        }

        /** Reads the passphrase from an environment variable (for containers). */
        public static Passphrase fromEnvironment(String variable, ScryptParameters creationParameters) {
            String value = System.getenv(variable);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("environment variable " + variable + " holding the store passphrase is not set");
            }
            return new Passphrase(value.toCharArray(), creationParameters);
        }

        /**
         * Reads the passphrase from a UTF-8 file; one trailing line break is dropped because
         * editors and {@code echo} add it, and it is never meant to be part of the secret.
         */
        public static Passphrase fromFile(Path file, ScryptParameters creationParameters) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read passphrase file " + file, e);
            }
            try {
                int length = bytes.length;
                if (length > 0 && bytes[length - 1] == '\n') {
                    length--;
                }
                if (length > 0 && bytes[length - 1] == '\r') {
                    length--;
                }
                CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
                char[] characters = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
                Arrays.fill(decoded.array(), '\0');
                return new Passphrase(characters, creationParameters);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }

        public ScryptParameters creationParameters() {
            return creationParameters;
        }

        /** UTF-8 bytes of the passphrase; the caller must wipe them. */
        byte[] utf8Bytes() {
            if (destroyed) {
                throw new IllegalStateException("passphrase was destroyed");
            }
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(characters));
            byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
            Arrays.fill(encoded.array(), (byte) 0);
            return bytes;
        }

        public void destroy() {
            destroyed = true;
            Arrays.fill(characters, '\0');
        }

        @Override
        public String toString() {
            return "Passphrase[redacted]";
        }
    }

    /** A Tink JSON keyset file holding the KEK (an AEAD keyset, e.g. AES256-GCM). */
    record KeysetFile(Path path) implements MasterKeySource {
        public KeysetFile {
            Objects.requireNonNull(path, "path");
        }
    }
}
