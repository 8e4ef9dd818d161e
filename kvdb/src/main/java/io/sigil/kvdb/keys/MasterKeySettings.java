package io.sigil.kvdb.keys;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

/**
 * How a service names its store's master key in configuration, resolved in one place so the
 * signing node and the manager read the same settings the same way:
 * {@code sigil.store.kek-keyset} (a Tink AEAD keyset file, e.g. a Kubernetes Secret mount), else
 * {@code sigil.store.passphrase-file}, else the passphrase in the environment variable named by
 * {@code sigil.store.passphrase-env} (default {@value #DEFAULT_PASSPHRASE_VARIABLE}).
 */
public final class MasterKeySettings {
    public static final String DEFAULT_PASSPHRASE_VARIABLE = "SIGIL_STORE_PASSPHRASE";

    private MasterKeySettings() {
    }

    public static MasterKeySource resolve(String kekKeysetFile, String passphraseFile, String passphraseVariable) {
        if (kekKeysetFile != null && !kekKeysetFile.isBlank()) {
            return new MasterKeySource.KeysetFile(Path.of(kekKeysetFile));
        }
        if (passphraseFile != null && !passphraseFile.isBlank()) {
            return MasterKeySource.Passphrase.fromFile(Path.of(passphraseFile), ScryptParameters.DEFAULT);
        }
        String variable = passphraseVariable == null || passphraseVariable.isBlank()
                ? DEFAULT_PASSPHRASE_VARIABLE : passphraseVariable;
        return MasterKeySource.Passphrase.fromEnvironment(variable, ScryptParameters.DEFAULT);
    }

    /**
     * Writes a new random AES-256-GCM key-encryption keyset to {@code file}, owner-readable only:
     * what an operator (or the devnet) creates once per node and mounts as a secret.
     */
    public static void writeNewKekKeyset(Path file) throws IOException {
        try {
            AeadConfig.register();
            String json = TinkJsonProtoKeysetFormat.serializeKeyset(
                    KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM), InsecureSecretKeyAccess.get());
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, json);
        } catch (GeneralSecurityException failure) {
            throw new IOException("could not generate a key-encryption keyset", failure);
        }
    }
}
